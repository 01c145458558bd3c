package autoscaling_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// BenchmarkPutScheduledAction measures one signed PutScheduledAction
// against the emulator on a loopback listener, through this package and
// through aws-sdk-go-v2's applicationautoscaling client, side by side.
func BenchmarkPutScheduledAction(b *testing.B) {
	clock := &fakeClock{t: monday0600}
	emu := newEmulator(b, clock)
	srv := httptest.NewServer(emu)
	defer srv.Close()
	cfg := awsConfig(nil)
	cfg.HTTPClient = srv.Client()
	cfg.BaseEndpoint = aws.String(srv.URL)
	ctx := context.Background()
	ours, err := autoscaling.NewFromConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	official := aas.NewFromConfig(cfg)
	if _, err := ours.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: aws.Int(0), MaxCapacity: aws.Int(10)}); err != nil {
		b.Fatal(err)
	}
	b.Run("impl=provconc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ours.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{
				ResourceID: resource, ScheduledActionName: "bench", Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: "Europe/Berlin",
				ScalableTargetAction: &autoscaling.ScalableTargetAction{MinCapacity: aws.Int(1), MaxCapacity: aws.Int(5)},
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=awssdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := official.PutScheduledAction(ctx, &aas.PutScheduledActionInput{
				ServiceNamespace: types.ServiceNamespaceLambda, ScalableDimension: types.ScalableDimensionLambdaFunctionProvisionedConcurrency,
				ResourceId: aws.String(resource), ScheduledActionName: aws.String("bench"), Schedule: aws.String("cron(0 8 ? * MON-FRI *)"),
				Timezone:             aws.String("Europe/Berlin"),
				ScalableTargetAction: &types.ScalableTargetAction{MinCapacity: aws.Int32(1), MaxCapacity: aws.Int32(5)},
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
