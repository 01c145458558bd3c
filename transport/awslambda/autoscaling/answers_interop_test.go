package autoscaling_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// TestReadsAnswersAsOfficialClient serves the same DescribeScheduledActions
// answer to both clients and compares the timestamps they read: a null
// timestamp is no timestamp (the official client accepts it), and the
// fraction of a second is cut to whole milliseconds, not rounded.
func TestReadsAnswersAsOfficialClient(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"ScheduledActions":[{"CreationTime":null,"ScheduledActionName":"a","Schedule":"rate(1 day)","StartTime":null,"EndTime":null}]}`,
		`{"ScheduledActions":[{"CreationTime":1700000000.0005,"ScheduledActionName":"a","Schedule":"rate(1 day)","StartTime":1700000000.9999,"EndTime":1800000000.1239}]}`,
		`{"ScheduledActions":[{"CreationTime":-1.5,"ScheduledActionName":"a","Schedule":"rate(1 day)","StartTime":-0.0005}]}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			_, _ = w.Write([]byte(body))
		}))
		ctx := context.Background()
		want, err := official(http.DefaultTransport).DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: types.ServiceNamespaceLambda},
			func(o *aas.Options) { o.BaseEndpoint = &srv.URL })
		if err != nil {
			t.Fatalf("official client on %s: %v", body, err)
		}
		p, err := autoscaling.NewFromConfig(awsConfig(http.DefaultTransport), func(o *autoscaling.Options) { o.Endpoint = srv.URL; o.Retry.MaxAttempts = 1 })
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{})
		srv.Close()
		if err != nil {
			t.Errorf("%s: %v (the official client reads it)", body, err)
			continue
		}
		w, g := want.ScheduledActions[0], got.ScheduledActions[0]
		same := func(field string, w *time.Time, g *autoscaling.EpochTime) {
			t.Helper()
			switch {
			case w == nil && g == nil:
			case w == nil || g == nil:
				t.Errorf("%s: %s official %v, ours %v", body, field, w, g)
			case !w.Equal(g.Time):
				t.Errorf("%s: %s official %v, ours %v", body, field, w, g.Time)
			}
		}
		ct := &got.ScheduledActions[0].CreationTime
		if w.CreationTime == nil && g.CreationTime.IsZero() {
			ct = nil
		}
		same("CreationTime", w.CreationTime, ct)
		same("StartTime", w.StartTime, g.StartTime)
		same("EndTime", w.EndTime, g.EndTime)
	}
}
