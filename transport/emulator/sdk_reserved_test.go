package emulator

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// invalidParam checks that err is an InvalidParameterValueException with
// this message, as the official client decodes it.
func invalidParam(t *testing.T, step string, err error, msg string) {
	t.Helper()
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) || aws.ToString(ipv.Message) != msg {
		t.Errorf("%s: %v, want InvalidParameterValueException %q", step, err, msg)
	}
}

// TestOfficialSDKReservedConcurrency drives PutFunctionConcurrency,
// GetFunctionConcurrency, DeleteFunctionConcurrency and GetAccountSettings
// with aws-sdk-go-v2 (signed, both transports), and the way provisioned
// concurrency is carved out of reserved concurrency and of the account.
func TestOfficialSDKReservedConcurrency(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{Credentials: &testCreds, AccountConcurrency: 1000, UnreservedMinimum: 100})
		c, base := m.dial(t, s)
		cl := sdkClient(c, base, testCreds)
		ctx := context.Background()

		settings := func(step string, wantUnreserved int32, wantFunctions int32) {
			t.Helper()
			out, err := cl.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			got := [3]int64{int64(out.AccountLimit.ConcurrentExecutions), int64(aws.ToInt32(out.AccountLimit.UnreservedConcurrentExecutions)), int64(out.AccountUsage.FunctionCount)}
			if d := cmp.Diff([3]int64{1000, int64(wantUnreserved), int64(wantFunctions)}, got); d != "" {
				t.Errorf("%s: account settings [limit unreserved functions] (-want +got):\n%s", step, d)
			}
			if out.AccountLimit.CodeSizeZipped != accountCodeSizeZipped || out.AccountLimit.TotalCodeSize != accountTotalCodeSize {
				t.Errorf("%s: code size limits %+v", step, out.AccountLimit)
			}
		}
		settings("fresh account", 1000, 2)

		// No reserved concurrency yet: Get answers {} (nil in the SDK).
		got, err := cl.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("my-function")})
		if err != nil || got.ReservedConcurrentExecutions != nil {
			t.Fatalf("get before put: %+v, %v", got, err)
		}

		// The minimum unreserved stays: 1000 - 901 < 100.
		_, err = cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("my-function"), ReservedConcurrentExecutions: aws.Int32(901),
		})
		invalidParam(t, "reserved below the minimum", err,
			"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")

		put, err := cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String(arnPrefix + "my-function"), ReservedConcurrentExecutions: aws.Int32(10),
		})
		if err != nil || aws.ToInt32(put.ReservedConcurrentExecutions) != 10 {
			t.Fatalf("put reserved: %+v, %v", put, err)
		}
		got, err = cl.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("my-function")})
		if err != nil || aws.ToInt32(got.ReservedConcurrentExecutions) != 10 {
			t.Fatalf("get reserved: %+v, %v", got, err)
		}
		settings("10 reserved", 990, 2)

		// Provisioned concurrency comes out of the reserved 10: the other
		// qualifiers' values plus the new one may not exceed it, and a
		// re-Put replaces its own old value.
		pc := func(q string, n int32) error {
			_, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function"), Qualifier: aws.String(q), ProvisionedConcurrentExecutions: aws.Int32(n),
			})
			return err
		}
		if err := pc("BLUE", 6); err != nil {
			t.Fatal(err)
		}
		invalidParam(t, "6 + 5 > 10", pc("2", 5), msgOverReserved)
		if err := pc("2", 4); err != nil {
			t.Fatalf("6 + 4 = 10: %v", err)
		}
		if err := pc("BLUE", 6); err != nil {
			t.Fatalf("re-Put of BLUE replaces its value: %v", err)
		}
		invalidParam(t, "re-Put of BLUE above what is left", pc("BLUE", 7), msgOverReserved)
		// Provisioned concurrency inside reserved concurrency leaves the
		// account's pool alone.
		settings("provisioned inside reserved", 990, 2)

		// Reserved concurrency cannot drop below what is provisioned.
		_, err = cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("my-function"), ReservedConcurrentExecutions: aws.Int32(9),
		})
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) {
			t.Errorf("reserved below provisioned: %v", err)
		}

		// Functions without reserved concurrency draw provisioned
		// concurrency from the unreserved pool.
		if _, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("other-function"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(40),
		}); err != nil {
			t.Fatal(err)
		}
		settings("40 provisioned without reserved", 950, 2)
		// The account limit message names the account's total, not what is left.
		_, err = cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("other-function"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1001),
		})
		invalidParam(t, "above the account", err, "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].")
		_, err = cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("other-function"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(891),
		})
		invalidParam(t, "below the unreserved minimum", err,
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
		// Reserving for other-function now has to count its provisioned 40
		// inside the reservation: 1000 - 10 - 891 < 100.
		_, err = cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("other-function"), ReservedConcurrentExecutions: aws.Int32(891),
		})
		invalidParam(t, "second reservation below the minimum", err,
			"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
		if _, err := cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("other-function"), ReservedConcurrentExecutions: aws.Int32(890),
		}); err != nil {
			t.Fatalf("reserve 890: %v", err)
		}
		settings("890 + 10 reserved", 100, 2)

		if _, err := cl.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("other-function")}); err != nil {
			t.Fatal(err)
		}
		got, err = cl.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("other-function")})
		if err != nil || got.ReservedConcurrentExecutions != nil {
			t.Errorf("get after delete: %+v, %v", got, err)
		}
		settings("after delete", 950, 2)

		// Unknown function and bad input, as the SDK decodes them.
		_, err = cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("unknown"), ReservedConcurrentExecutions: aws.Int32(1),
		})
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &rnf) || aws.ToString(rnf.Message) != "Function not found: "+arnPrefix+"unknown:$LATEST" {
			t.Errorf("unknown function: %v", err)
		}
		_, err = cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("my-function"), ReservedConcurrentExecutions: aws.Int32(-1),
		})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationException" ||
			apiErr.ErrorMessage() != "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0" {
			t.Errorf("negative reserved: %v", err)
		}
		// Zero is allowed: it stops the function (and leaves no room for
		// provisioned concurrency, which other-function has none of now).
		if _, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("other-function"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1),
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("other-function"), Qualifier: aws.String("1"),
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("other-function"), ReservedConcurrentExecutions: aws.Int32(0),
		}); err != nil {
			t.Fatalf("reserve 0: %v", err)
		}
		invalidParam(t, "provisioned on a function reserved at 0", func() error {
			_, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("other-function"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1),
			})
			return err
		}(), msgOverReserved)
	})
}

// TestOfficialSDKAliasMove reads, with aws-sdk-go-v2, an alias's
// configuration after the alias was moved to another version: AWS keeps
// Allocated and Available and reports IN_PROGRESS until the new version is
// provisioned.
func TestOfficialSDKAliasMove(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{})
	cl := sdkClient(s.Client(), "https://lambda.us-east-1.amazonaws.com", testCreds)
	ctx := context.Background()
	get := func() *lambda.GetProvisionedConcurrencyConfigOutput {
		t.Helper()
		out, err := cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	counts := func(out *lambda.GetProvisionedConcurrencyConfigOutput) [2]int32 {
		return [2]int32{aws.ToInt32(out.AllocatedProvisionedConcurrentExecutions), aws.ToInt32(out.AvailableProvisionedConcurrentExecutions)}
	}
	if _, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"), ProvisionedConcurrentExecutions: aws.Int32(3),
	}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(DefaultReadyAfter)
	if out := get(); out.Status != types.ProvisionedConcurrencyStatusEnumReady || counts(out) != [2]int32{3, 3} {
		t.Fatalf("before the move: %v %v", out.Status, counts(out))
	}
	must(t, s.UpdateAlias("my-function", "BLUE", "2"))
	if out := get(); out.Status != types.ProvisionedConcurrencyStatusEnumInProgress || counts(out) != [2]int32{3, 3} {
		t.Errorf("after the move: %v %v, want IN_PROGRESS [3 3]", out.Status, counts(out))
	}
	_, err := cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("2"),
	})
	var nf *types.ProvisionedConcurrencyConfigNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("the new version has no configuration of its own: %v", err)
	}
	clk.Advance(DefaultReadyAfter)
	if out := get(); out.Status != types.ProvisionedConcurrencyStatusEnumReady || counts(out) != [2]int32{3, 3} {
		t.Errorf("once provisioned: %v %v", out.Status, counts(out))
	}
}

// TestOfficialSDKPutFunctionConcurrencyRefusals checks PutFunctionConcurrency's
// refusals against the AWS snapshot test_function_concurrency_exceptions
// (LocalStack's AWS-validated recording): an unknown function is named by
// its $LATEST ARN, and a qualified name is refused, since reserved
// concurrency belongs to the function as a whole.
func TestOfficialSDKPutFunctionConcurrencyRefusals(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{Credentials: &testCreds})
		c, base := m.dial(t, s)
		cl := sdkClient(c, base, testCreds)
		ctx := context.Background()
		put := func(name string) error {
			_, err := cl.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
				FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(0),
			})
			return err
		}

		err := put("doesnotexist")
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &rnf) || aws.ToString(rnf.Message) != "Function not found: "+arnPrefix+"doesnotexist:$LATEST" {
			t.Errorf("unknown function: %v", err)
		}

		for _, name := range []string{arnPrefix + "my-function:$LATEST", arnPrefix + "my-function:BLUE", "my-function:1", "123456789012:function:my-function:GREEN"} {
			err := put(name)
			invalidParam(t, name, err, msgReservedQualified)
			var ipv *types.InvalidParameterValueException
			if errors.As(err, &ipv) && aws.ToString(ipv.Type) != "User" {
				t.Errorf("%s: Type = %q, want User", name, aws.ToString(ipv.Type))
			}
		}
		if n, _ := s.state.reservedOf("my-function"); n != nil {
			t.Errorf("a refused Put left reserved concurrency %d", *n)
		}
		if err := put(arnPrefix + "my-function"); err != nil {
			t.Errorf("unqualified ARN: %v", err)
		}
	})
}
