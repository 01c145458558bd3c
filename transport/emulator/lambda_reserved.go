// This file serves Lambda's reserved concurrency (PutFunctionConcurrency,
// GetFunctionConcurrency, DeleteFunctionConcurrency) and GetAccountSettings,
// the operations that decide how much of the account's concurrency is left
// for provisioned concurrency. Paths, methods, bodies and status codes are
// those of aws-sdk-go-v2 service/lambda (schemas.go and the request
// snapshots): PUT and DELETE under 2017-10-31, GET under 2019-09-30, the
// account settings under 2016-08-19.

package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
)

var (
	// reservedPath matches the function concurrency resource; the API
	// version prefix differs between the operations.
	reservedPath = regexp.MustCompile(`^/(2017-10-31|2019-09-30)/functions/([^/]*)/concurrency/?$`)
	// accountSettingsPath matches GetAccountSettings (the SDK sends no
	// trailing slash, the API reference shows one).
	accountSettingsPath = regexp.MustCompile(`^/2016-08-19/account-settings/?$`)
)

// Fixed code-size limits reported by GetAccountSettings: AWS's default
// quotas (75 GB of code storage, 250 MB unzipped, 50 MB zipped upload).
const (
	accountTotalCodeSize    = 80530636800
	accountCodeSizeUnzipped = 262144000
	accountCodeSizeZipped   = 52428800
)

// msgOverReserved refuses provisioned concurrency beyond the function's
// reserved concurrency.
const msgOverReserved = "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"

// msgReservedQualified refuses PutFunctionConcurrency on a version or alias
// (AWS snapshot put_function_concurrency_with_qualified_arn).
const msgReservedQualified = "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN."

// concurrencyJSON is the Concurrency answer of Put and Get; Get of a
// function without reserved concurrency answers {}.
type concurrencyJSON struct {
	ReservedConcurrentExecutions *int `json:"ReservedConcurrentExecutions,omitempty"`
}

type accountLimitJSON struct {
	TotalCodeSize                  int64 `json:"TotalCodeSize"`
	CodeSizeUnzipped               int64 `json:"CodeSizeUnzipped"`
	CodeSizeZipped                 int64 `json:"CodeSizeZipped"`
	ConcurrentExecutions           int   `json:"ConcurrentExecutions"`
	UnreservedConcurrentExecutions int   `json:"UnreservedConcurrentExecutions"`
}

type accountUsageJSON struct {
	TotalCodeSize int64 `json:"TotalCodeSize"`
	FunctionCount int   `json:"FunctionCount"`
}

type accountSettingsJSON struct {
	AccountLimit accountLimitJSON `json:"AccountLimit"`
	AccountUsage accountUsageJSON `json:"AccountUsage"`
}

// serveReserved answers the three function concurrency operations.
func (p *lambdaProtocol) serveReserved(x *exchange, apiVersion, rawName string) *awsError {
	op := x.r.Method + " " + apiVersion
	switch op {
	case "PUT 2017-10-31", "DELETE 2017-10-31", "GET 2019-09-30":
	default:
		return errUnknownOperation()
	}
	name, err := url.PathUnescape(rawName)
	if err != nil {
		return errValidation(violation(&rawName, "functionName", "Member must satisfy regular expression pattern: "+functionNamePattern))
	}
	var vs []string
	if v := functionNameViolation(name); v != "" {
		vs = append(vs, v)
	}
	var count *int64
	if x.r.Method == http.MethodPut {
		n, e := decodeCountBody(x.body, "ReservedConcurrentExecutions")
		if e != nil {
			return e
		}
		switch {
		case n == nil:
			vs = append(vs, violation(nil, "reservedConcurrentExecutions", "Member must not be null"))
		case *n < 0:
			s := strconv.FormatInt(*n, 10)
			vs = append(vs, violation(&s, "reservedConcurrentExecutions", "Member must have value greater than or equal to 0"))
		}
		count = n
	}
	if len(vs) > 0 {
		return errValidation(vs...)
	}
	fn, q, e := p.resolve(name, "", false, false)
	if e != nil {
		return e
	}
	switch x.r.Method {
	case http.MethodPut:
		// The concurrency belongs to the function as a whole: Put refuses
		// a version or alias (AWS snapshot put_function_concurrency_with_qualified_arn).
		// Get and Delete ignore one (a guess: their answer is not known).
		if q != "" {
			return errInvalidParameter(msgReservedQualified)
		}
		n := int(*count)
		if err := p.s.state.putReserved(fn, n); err != nil {
			var se *stateError
			if errors.As(err, &se) && se.kind == kindFunctionNotFound {
				// AWS snapshot put_function_concurrency_with_function_name_doesnotexist
				// names the function's $LATEST.
				return errResourceNotFound("Function not found: " + p.s.qualifiedARN(fn, latest))
			}
			return p.stateError(err)
		}
		x.writeJSON(http.StatusOK, concurrencyJSON{ReservedConcurrentExecutions: &n})
	case http.MethodGet:
		n, err := p.s.state.reservedOf(fn)
		if err != nil {
			return p.stateError(err)
		}
		x.writeJSON(http.StatusOK, concurrencyJSON{ReservedConcurrentExecutions: n})
	case http.MethodDelete:
		if err := p.s.state.deleteReserved(fn); err != nil {
			return p.stateError(err)
		}
		x.w.WriteHeader(http.StatusNoContent)
	}
	return nil
}

// accountSettings answers GetAccountSettings.
func (p *lambdaProtocol) accountSettings(x *exchange) {
	limit, unreserved, functions := p.s.state.accountSettings()
	x.writeJSON(http.StatusOK, accountSettingsJSON{
		AccountLimit: accountLimitJSON{
			TotalCodeSize:                  accountTotalCodeSize,
			CodeSizeUnzipped:               accountCodeSizeUnzipped,
			CodeSizeZipped:                 accountCodeSizeZipped,
			ConcurrentExecutions:           limit,
			UnreservedConcurrentExecutions: unreserved,
		},
		AccountUsage: accountUsageJSON{FunctionCount: functions},
	})
}

// unreservedLocked is the account's unreserved concurrency: its limit less
// every function's reserved concurrency and the provisioned concurrency of
// the functions without any (theirs comes out of the shared pool). The
// configuration skipFn:skipQ is left out, so that a Put replacing it does
// not count it twice.
func (st *state) unreservedLocked(skipFn, skipQ string) int {
	u := st.cfg.accountConcurrency
	for name, f := range st.functions {
		if f.reserved != nil {
			u -= *f.reserved
			continue
		}
		for q, c := range f.configs {
			if name == skipFn && q == skipQ {
				continue
			}
			u -= c.requested
		}
	}
	return u
}

// putReserved sets a function's reserved concurrency. It may not go below
// the provisioned concurrency the function already holds, and what stays
// unreserved in the account may not drop below the minimum.
func (st *state) putReserved(fn string, n int) error {
	st.lock()
	defer st.unlock()
	f := st.functions[fn]
	if f == nil {
		return &stateError{kind: kindFunctionNotFound, function: fn}
	}
	provisioned := 0
	for _, c := range f.configs {
		provisioned += c.requested
	}
	if n < provisioned {
		return &stateError{kind: kindReservedUnderPC, function: fn, provisioned: provisioned}
	}
	// The pool without this function's own share, whichever form it has.
	saved := f.reserved
	f.reserved = new(int)
	free := st.unreservedLocked("", "")
	f.reserved = saved
	if free-n < st.cfg.unreservedMinimum {
		return &stateError{kind: kindReservedBelowMin, function: fn, minimum: st.cfg.unreservedMinimum}
	}
	f.reserved = &n
	return nil
}

// reservedOf returns a function's reserved concurrency, nil when it has none.
func (st *state) reservedOf(fn string) (*int, error) {
	st.lock()
	defer st.unlock()
	f := st.functions[fn]
	if f == nil {
		return nil, &stateError{kind: kindFunctionNotFound, function: fn}
	}
	if f.reserved == nil {
		return nil, nil
	}
	n := *f.reserved
	return &n, nil
}

// deleteReserved removes a function's reserved concurrency; a function
// without any answers 204 too (a guess, as Delete of a missing provisioned
// configuration does).
func (st *state) deleteReserved(fn string) error {
	st.lock()
	defer st.unlock()
	f := st.functions[fn]
	if f == nil {
		return &stateError{kind: kindFunctionNotFound, function: fn}
	}
	f.reserved = nil
	return nil
}

// accountSettings returns the account's concurrency limit, what of it is
// unreserved, and the number of functions.
func (st *state) accountSettings() (limit, unreserved, functions int) {
	st.lock()
	defer st.unlock()
	return st.cfg.accountConcurrency, st.unreservedLocked("", ""), len(st.functions)
}

// SetReservedConcurrency sets a function's reserved concurrency with the
// checks of PutFunctionConcurrency, or removes it when n is negative. It is
// a seeding shortcut; the wire operations do the same. An unknown function
// is ErrNotFound; a value the service would refuse is ErrConflict.
func (s *Server) SetReservedConcurrency(function string, n int) error {
	var err error
	if n < 0 {
		err = s.state.deleteReserved(function)
	} else {
		err = s.state.putReserved(function, n)
	}
	var se *stateError
	if !errors.As(err, &se) {
		return err
	}
	switch se.kind {
	case kindFunctionNotFound:
		return fmt.Errorf("%w: function %q", ErrNotFound, function)
	case kindReservedUnderPC:
		return fmt.Errorf("%w: reserved concurrency %d of function %q is below its provisioned concurrency %d", ErrConflict, n, function, se.provisioned)
	default:
		return fmt.Errorf("%w: reserved concurrency %d of function %q leaves less than %d unreserved", ErrConflict, n, function, se.minimum)
	}
}
