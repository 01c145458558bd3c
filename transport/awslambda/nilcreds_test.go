package awslambda

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// A nil pointer in Credentials is refused by New with an error naming the
// field, as a nil interface is, instead of panicking there or at the first
// request.
func TestNewRefusesNilPointerCredentials(t *testing.T) {
	var cache *aws.CredentialsCache
	var static *credentials.StaticCredentialsProvider
	for _, creds := range []aws.CredentialsProvider{cache, static} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("New with a nil %T panicked: %v", creds, r)
				}
			}()
			_, err = New(Options{Region: "us-east-1", Credentials: creds})
		}()
		if err == nil || !strings.Contains(err.Error(), "Credentials") {
			t.Errorf("New with a nil %T: err = %v, want an error naming Credentials", creds, err)
		}
	}
}
