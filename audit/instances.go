package audit

import (
	"fmt"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Instance is one audited Unleash instance: a profile of the config file
// (audit --all-profiles), or the one server of a plain run.
type Instance struct {
	Name     string        // the profile's name; "" for a run without a profile
	URL      string        // the base URL, for people
	Report   *Report       // nil when it could not be audited at all
	Err      error         // why not: its token did not resolve, its URL is wrong, no list could be read
	Duration time.Duration // how long its audit took
	LastGood *Report       // serve-metrics: its last report that read its lists, whose tokens the metrics keep while this audit fails
}

// Label is what names the instance in every output: its profile's name, or
// its URL without one.
func (in *Instance) Label() string {
	if in.Name != "" {
		return in.Name
	}
	return in.URL
}

// Failed reports whether nothing of the instance could be read.
func (in *Instance) Failed() bool {
	if in.Err != nil || in.Report == nil {
		return true
	}
	return in.Report.NothingRead()
}

// Complete reports whether every source of the instance was read.
func (in *Instance) Complete() bool {
	return in.Err == nil && in.Report != nil && len(in.Report.Failed()) == 0
}

// Problem is why the instance could not be audited, in one cleaned line;
// "" when it could be.
func (in *Instance) Problem() string {
	switch {
	case in.Err != nil:
		return api.Clean(in.Err.Error())
	case in.Report == nil:
		return "not audited"
	case !in.Failed():
		return ""
	}
	first := in.Report.Failed()[0]
	return fmt.Sprintf("no list could be read (%s: %s)", first.Name, api.Clean(first.Err.Error()))
}

// NothingReadOf reports whether none of the instances could be read at all:
// a report of them would find nothing because it saw nothing, so the table,
// JSON and CSV writers write nothing and return ErrNothingRead (the
// openmetrics writer still writes, so that its health series say so).
func NothingReadOf(ins []Instance) bool {
	for i := range ins {
		if !ins[i].Failed() {
			return false
		}
	}
	return true
}
