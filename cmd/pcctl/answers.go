// This file turns the services' answers into the documents the reference
// tools print:
//
//   - the aws CLI (botocore) keeps the members of the operation's output
//     shape that the answer holds (not null), in the model's order, values
//     as sent (Lambda's LastModified is a string in the model, so a date is
//     printed exactly as the service wrote it);
//   - tccli prints the Response object deserialised into the Python SDK's
//     model and serialised back (AbstractModel.to_json_string with
//     allow_none): every member of the model, in its order, null when the
//     answer lacks it, and nothing else (tencentcloud-sdk-python
//     tencentcloud/scf/v20180416/models.py, GetProvisionedConcurrencyConfigResponse,
//     VersionProvisionedConcurrencyInfo, TriggerAction).

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Lambda output members, in the order of the Lambda service model
// (botocore data lambda/2015-03-31/service-2.json).
var (
	lambdaConfigMembers = []string{
		"RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions",
		"AllocatedProvisionedConcurrentExecutions", "Status", "StatusReason", "LastModified",
	}
	lambdaListItemMembers = append([]string{"FunctionArn"}, lambdaConfigMembers...)
)

// lambdaOrder is the key order of the aws CLI's JSON.
var lambdaOrder = rankOf(append([]string{"ProvisionedConcurrencyConfigs", "NextMarker", "NextToken"}, lambdaListItemMembers...))

// SCF model members, in the order of the tencentcloud-sdk-python models.
var (
	scfGetMembers     = []string{"UnallocatedConcurrencyNum", "Allocated", "RequestId"}
	scfVersionMembers = []string{
		"AllocatedProvisionedConcurrencyNum", "AvailableProvisionedConcurrencyNum", "Status",
		"StatusReason", "Qualifier", "TriggerActions",
	}
	scfTriggerMembers = []string{"TriggerName", "TriggerProvisionedConcurrencyNum", "TriggerCronConfig", "ProvisionedType"}
)

// scfOrder is the key order of tccli's JSON.
var scfOrder = rankOf(append(append(append([]string{}, scfGetMembers...), scfVersionMembers...), scfTriggerMembers...))

func rankOf(keys []string) map[string]int {
	rank := make(map[string]int, len(keys))
	for i, k := range keys {
		if _, ok := rank[k]; !ok {
			rank[k] = i
		}
	}
	return rank
}

// decodeObject decodes a JSON object keeping numbers exact until they are
// converted.
func decodeObject(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decoding the answer: %w", err)
	}
	if m == nil {
		return nil, fmt.Errorf("decoding the answer: not an object")
	}
	return m, nil
}

// docValue converts a decoded JSON value to a document value: numbers
// become float64, the number type JMESPath compares.
func docValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return v.String()
		}
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = docValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = docValue(e)
		}
		return out
	}
	return v
}

// pickPresent keeps the members of m that are present and not null, as
// botocore's parser does.
func pickPresent(m map[string]any, members []string) map[string]any {
	out := map[string]any{}
	for _, k := range members {
		if v, ok := m[k]; ok && v != nil {
			out[k] = docValue(v)
		}
	}
	return out
}

// lambdaConfigDoc is the aws CLI's document for a Put or Get answer.
func lambdaConfigDoc(body []byte) (map[string]any, error) {
	m, err := decodeObject(body)
	if err != nil {
		return nil, err
	}
	return pickPresent(m, lambdaConfigMembers), nil
}

// lambdaPage is one List answer as botocore parses it.
type lambdaPage struct {
	configs    []any // the list items, as documents
	nextMarker string
}

// stream is the page as botocore's paginator yields it, which the aws
// CLI's yaml-stream output prints: the configs kept of it (items), and its
// NextMarker even when --max-items cut the page.
func (p lambdaPage) stream(items []any) map[string]any {
	doc := map[string]any{"ProvisionedConcurrencyConfigs": orEmpty(items)}
	if p.nextMarker != "" {
		doc["NextMarker"] = p.nextMarker
	}
	return doc
}

// streamPage is a describe page as botocore's paginator yields it: every
// member of the answer, with the items kept of it under resultKey.
func streamPage(page map[string]any, resultKey string, items []any) map[string]any {
	doc := make(map[string]any, len(page))
	for k, v := range page {
		doc[k] = v
	}
	doc[resultKey] = orEmpty(items)
	return doc
}

// lambdaListPage parses a List answer.
func lambdaListPage(body []byte) (lambdaPage, error) {
	m, err := decodeObject(body)
	if err != nil {
		return lambdaPage{}, err
	}
	var p lambdaPage
	if list, ok := m["ProvisionedConcurrencyConfigs"].([]any); ok {
		for _, e := range list {
			if item, ok := e.(map[string]any); ok {
				p.configs = append(p.configs, pickPresent(item, lambdaListItemMembers))
			}
		}
	}
	if s, ok := m["NextMarker"].(string); ok {
		p.nextMarker = s
	}
	return p, nil
}

// scfResponse returns the Response object of an SCF answer.
func scfResponse(body []byte) (map[string]any, error) {
	m, err := decodeObject(body)
	if err != nil {
		return nil, err
	}
	resp, ok := m["Response"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("decoding the answer: no Response object")
	}
	return resp, nil
}

// modelObject deserialises m into a model of members and back, as the
// Python SDK's models do: every member, null when absent. nested maps a
// member holding a list of models to that model's builder.
func modelObject(m map[string]any, members []string, nested map[string]func(map[string]any) map[string]any) map[string]any {
	out := make(map[string]any, len(members))
	for _, k := range members {
		v := m[k]
		if build, ok := nested[k]; ok {
			if list, isList := v.([]any); isList {
				items := make([]any, 0, len(list))
				for _, e := range list {
					item, _ := e.(map[string]any)
					items = append(items, build(item))
				}
				out[k] = items
				continue
			}
			if v != nil {
				// The SDK iterates whatever it is given; a non-list here is a
				// broken answer, shown as sent.
				out[k] = docValue(v)
				continue
			}
		}
		out[k] = docValue(v)
	}
	return out
}

func scfTriggerDoc(m map[string]any) map[string]any { return modelObject(m, scfTriggerMembers, nil) }

func scfVersionDoc(m map[string]any) map[string]any {
	return modelObject(m, scfVersionMembers, map[string]func(map[string]any) map[string]any{"TriggerActions": scfTriggerDoc})
}

// scfGetDoc is tccli's document for a GetProvisionedConcurrencyConfig
// answer.
func scfGetDoc(body []byte) (map[string]any, error) {
	resp, err := scfResponse(body)
	if err != nil {
		return nil, err
	}
	return modelObject(resp, scfGetMembers, map[string]func(map[string]any) map[string]any{"Allocated": scfVersionDoc}), nil
}

// scfRequestIDDoc is tccli's document for an answer that carries only a
// request id (Put, Delete).
func scfRequestIDDoc(requestID string) map[string]any {
	var id any
	if requestID != "" {
		id = requestID
	}
	return map[string]any{"RequestId": id}
}
