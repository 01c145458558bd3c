// This file writes Config and the operation outputs as JSON in the service's
// own vocabulary, the field names of the API documents
// (RequestedProvisionedConcurrentExecutions, LastModified as
// 2019-11-21T19:32:12+0000, ProvisionedConcurrencyConfigs, NextMarker, ...),
// and reads them back, so configs can be stored, compared and printed as
// data. A Get answer of the AWS service decodes into a Config as it is.

package provconc

import (
	"encoding/json"
	"errors"
	"reflect"

	"github.com/provconc/provconc/internal/lambdatime"
)

// configJSON is Config in the service's vocabulary.
type configJSON struct {
	FunctionName                             string         `json:"FunctionName,omitempty"`
	Qualifier                                string         `json:"Qualifier,omitempty"`
	FunctionArn                              string         `json:"FunctionArn,omitempty"`
	RequestedProvisionedConcurrentExecutions int            `json:"RequestedProvisionedConcurrentExecutions"`
	AvailableProvisionedConcurrentExecutions int            `json:"AvailableProvisionedConcurrentExecutions"`
	AllocatedProvisionedConcurrentExecutions int            `json:"AllocatedProvisionedConcurrentExecutions"`
	Status                                   Status         `json:"Status,omitempty"`
	StatusReason                             string         `json:"StatusReason,omitempty"`
	LastModified                             string         `json:"LastModified,omitempty"`
	Extension                                *extensionJSON `json:"Extension,omitempty"`
}

// extensionJSON is an Extension: the provider that owns it and its own JSON.
type extensionJSON struct {
	Provider string          `json:"Provider"`
	Details  json.RawMessage `json:"Details,omitempty"`
}

// MarshalJSON writes the config with the field names of the service's API
// documents. LastModified is written as the service writes it
// (2019-11-21T19:32:12+0000, in UTC; sub-second digits only when the time has
// them) and left out when zero, as are the empty strings. A non-nil
// Extension is written as {"Provider": ..., "Details": ...}, Details being
// the extension's own JSON encoding.
func (c Config) MarshalJSON() ([]byte, error) {
	j, err := c.toJSON()
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a config written by MarshalJSON, or a provisioned
// concurrency config as the AWS service answers it. The root package cannot
// build a protocol's extension types from data, so an "Extension" is decoded
// into c.Extension when that already holds a pointer to a type of the same
// provider (set it to, say, &tencentscf.ConfigDetails{} before decoding),
// and is otherwise kept as a *RawExtension, which writes back the same JSON.
func (c *Config) UnmarshalJSON(data []byte) error {
	var j configJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	return c.fromJSON(&j)
}

func (c *Config) toJSON() (configJSON, error) {
	j := configJSON{
		FunctionName:                             c.FunctionName,
		Qualifier:                                c.Qualifier,
		FunctionArn:                              c.FunctionARN,
		RequestedProvisionedConcurrentExecutions: c.Requested,
		AvailableProvisionedConcurrentExecutions: c.Available,
		AllocatedProvisionedConcurrentExecutions: c.Allocated,
		Status:                                   c.Status,
		StatusReason:                             c.StatusReason,
	}
	if !c.LastModified.IsZero() {
		j.LastModified = lambdatime.FormatExact(c.LastModified)
	}
	ext, err := marshalExtension(c.Extension)
	if err != nil {
		return configJSON{}, err
	}
	j.Extension = ext
	return j, nil
}

func (c *Config) fromJSON(j *configJSON) error {
	modified, err := lambdatime.Parse(j.LastModified)
	if err != nil {
		return err
	}
	ext, err := unmarshalExtension(j.Extension, c.Extension)
	if err != nil {
		return err
	}
	*c = Config{
		FunctionName: j.FunctionName,
		Qualifier:    j.Qualifier,
		FunctionARN:  j.FunctionArn,
		Requested:    j.RequestedProvisionedConcurrentExecutions,
		Available:    j.AvailableProvisionedConcurrentExecutions,
		Allocated:    j.AllocatedProvisionedConcurrentExecutions,
		Status:       j.Status,
		StatusReason: j.StatusReason,
		LastModified: modified,
		Extension:    ext,
	}
	return nil
}

// RawExtension is a provider extension read from JSON by a package that does
// not know its type (see Config.UnmarshalJSON). It writes back the JSON it
// was read from; decode Details into the provider's own type to use it, for
// example json.Unmarshal(raw.Details, &tencentscf.ConfigDetails{}).
// Protocols do not accept it as an input extension.
type RawExtension struct {
	// ProviderName is the provider the extension belongs to, such as
	// "tencent-scf".
	ProviderName string
	// Details is the extension's own JSON encoding.
	Details json.RawMessage
}

// Provider returns ProviderName.
func (e *RawExtension) Provider() string { return e.ProviderName }

// marshalExtension wraps ext with its provider; nil for none (a typed nil
// pointer included).
func marshalExtension(ext Extension) (*extensionJSON, error) {
	if isNilExtension(ext) {
		return nil, nil
	}
	if raw, ok := ext.(*RawExtension); ok {
		return &extensionJSON{Provider: raw.ProviderName, Details: raw.Details}, nil
	}
	details, err := json.Marshal(ext)
	if err != nil {
		return nil, err
	}
	return &extensionJSON{Provider: ext.Provider(), Details: details}, nil
}

// unmarshalExtension decodes j into into when into is a non-nil pointer of
// the same provider, else into a *RawExtension.
func unmarshalExtension(j *extensionJSON, into Extension) (Extension, error) {
	if j == nil {
		return nil, nil
	}
	if j.Provider == "" {
		return nil, errors.New("provconc: Extension has no Provider")
	}
	if !isNilExtension(into) && reflect.TypeOf(into).Kind() == reflect.Pointer && into.Provider() == j.Provider {
		if _, raw := into.(*RawExtension); !raw {
			if len(j.Details) > 0 {
				if err := json.Unmarshal(j.Details, into); err != nil {
					return nil, err
				}
			}
			return into, nil
		}
	}
	return &RawExtension{ProviderName: j.Provider, Details: append(json.RawMessage(nil), j.Details...)}, nil
}

// isNilExtension reports whether ext is nil or a nil pointer, on which
// Provider may not be callable.
func isNilExtension(ext Extension) bool {
	if ext == nil {
		return true
	}
	v := reflect.ValueOf(ext)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// configOutputJSON is a PutOutput or GetOutput: the config's fields, then
// the exchange, under the name boto3 gives it.
type configOutputJSON struct {
	configJSON
	ResponseMetadata *Metadata `json:"ResponseMetadata,omitempty"`
}

// metadataOrNil leaves a zero Metadata out of the JSON.
func metadataOrNil(m Metadata) *Metadata {
	if m == (Metadata{}) {
		return nil
	}
	return &m
}

func marshalConfigOutput(c *Config, m Metadata) ([]byte, error) {
	j, err := c.toJSON()
	if err != nil {
		return nil, err
	}
	return json.Marshal(configOutputJSON{configJSON: j, ResponseMetadata: metadataOrNil(m)})
}

func unmarshalConfigOutput(data []byte, c *Config, m *Metadata) error {
	var j configOutputJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	if err := c.fromJSON(&j.configJSON); err != nil {
		return err
	}
	*m = Metadata{}
	if j.ResponseMetadata != nil {
		*m = *j.ResponseMetadata
	}
	return nil
}

// MarshalJSON writes the config as Config.MarshalJSON does, with the
// exchange under "ResponseMetadata" (left out when zero).
func (o PutOutput) MarshalJSON() ([]byte, error) { return marshalConfigOutput(&o.Config, o.Metadata) }

// UnmarshalJSON reads what MarshalJSON writes; see Config.UnmarshalJSON for
// the extension.
func (o *PutOutput) UnmarshalJSON(data []byte) error {
	return unmarshalConfigOutput(data, &o.Config, &o.Metadata)
}

// MarshalJSON writes the config as Config.MarshalJSON does, with the
// exchange under "ResponseMetadata" (left out when zero).
func (o GetOutput) MarshalJSON() ([]byte, error) { return marshalConfigOutput(&o.Config, o.Metadata) }

// UnmarshalJSON reads what MarshalJSON writes; see Config.UnmarshalJSON for
// the extension.
func (o *GetOutput) UnmarshalJSON(data []byte) error {
	return unmarshalConfigOutput(data, &o.Config, &o.Metadata)
}

// listOutputJSON is a ListOutput in the vocabulary of
// ListProvisionedConcurrencyConfigs.
type listOutputJSON struct {
	ProvisionedConcurrencyConfigs []Config       `json:"ProvisionedConcurrencyConfigs"`
	NextMarker                    string         `json:"NextMarker,omitempty"`
	Extension                     *extensionJSON `json:"Extension,omitempty"`
	ResponseMetadata              *Metadata      `json:"ResponseMetadata,omitempty"`
}

// MarshalJSON writes the page as the service answers
// ListProvisionedConcurrencyConfigs: "ProvisionedConcurrencyConfigs" (always
// an array, [] for none) and "NextMarker" (left out on the last page), with
// the extension and the exchange as Config and GetOutput write them.
func (o ListOutput) MarshalJSON() ([]byte, error) {
	ext, err := marshalExtension(o.Extension)
	if err != nil {
		return nil, err
	}
	configs := o.Configs
	if configs == nil {
		configs = []Config{}
	}
	return json.Marshal(listOutputJSON{
		ProvisionedConcurrencyConfigs: configs,
		NextMarker:                    o.NextMarker,
		Extension:                     ext,
		ResponseMetadata:              metadataOrNil(o.Metadata),
	})
}

// UnmarshalJSON reads what MarshalJSON writes, or a
// ListProvisionedConcurrencyConfigs answer of the AWS service. An empty
// array gives an empty, non-nil Configs. The configs' extensions are kept as
// *RawExtension (see Config.UnmarshalJSON); the page's own extension is
// decoded into o.Extension when that holds a pointer of the same provider.
func (o *ListOutput) UnmarshalJSON(data []byte) error {
	var j listOutputJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	ext, err := unmarshalExtension(j.Extension, o.Extension)
	if err != nil {
		return err
	}
	*o = ListOutput{Configs: j.ProvisionedConcurrencyConfigs, NextMarker: j.NextMarker, Extension: ext}
	if j.ResponseMetadata != nil {
		o.Metadata = *j.ResponseMetadata
	}
	return nil
}
