package readme

// readme:begin tencent
import (
	"context"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

func provisionOnSCF(ctx context.Context) (*provconc.PutOutput, error) {
	creds, err := tencentscf.CredentialsFromEnv() // TENCENTCLOUD_SECRET_ID, ..._SECRET_KEY, ..._SESSION_TOKEN
	if err != nil {
		return nil, err
	}
	client, err := tencentscf.NewClient(creds, "ap-guangzhou") // or a *common.Credential you already have
	if err != nil {
		return nil, err
	}
	return client.Put(ctx, &provconc.PutInput{
		FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 10,
		// Tencent-only settings ride in a typed extension; AWS users never see them.
		Extension: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{
			{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *"},
		}},
	})
}

// readme:end

var _ = provisionOnSCF
