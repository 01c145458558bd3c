// This file measures how often the scheduled actions of an SCF Put fire,
// for the two documented interval codes:
// InvalidParameterValue.TriggerCronConfigTimeInterval ("The interval of
// triggering specified in TriggerCronConfig is smaller than the specified
// value") and LimitExceeded.ProvisionTriggerInterval ("The interval of
// triggering is too short"), seeds/004.
//
// The emulator evaluates the second, minute and hour fields of the
// seven-field expression (second minute hour day month weekday year): the
// times of day an action fires. An action whose consecutive firings are
// closer than the minimum interval is refused with the first code; two
// actions that fire on the same days (identical day, month, weekday and
// year fields, or both every day) closer together than the minimum, the
// second. A field it cannot read (names, L, W, #) leaves that action out of
// the check; the service's own parser decides those.

package emulator

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

const secondsPerDay = 24 * 60 * 60

// cronSchedule is the times of day, in seconds since midnight, at which an
// action fires, and whether it fires every day.
type cronSchedule struct {
	times []int // sorted, distinct
	daily bool
	days  string // the day, month, weekday and year fields, normalised
}

// parseCronSchedule reads the time fields of a seven-field expression; ok
// is false when a field is beyond what the emulator reads.
func parseCronSchedule(expr string) (cronSchedule, bool) {
	f := strings.Fields(expr)
	if len(f) != scfCronFields {
		return cronSchedule{}, false
	}
	secs, ok1 := cronField(f[0], 0, 59)
	mins, ok2 := cronField(f[1], 0, 59)
	hours, ok3 := cronField(f[2], 0, 23)
	if !ok1 || !ok2 || !ok3 {
		return cronSchedule{}, false
	}
	var times []int
	for _, h := range hours {
		for _, m := range mins {
			for _, s := range secs {
				times = append(times, h*3600+m*60+s)
			}
		}
	}
	slices.Sort(times)
	every := func(v string) bool { return v == "*" || v == "?" }
	return cronSchedule{
		times: slices.Compact(times),
		daily: every(f[3]) && every(f[4]) && every(f[5]) && every(f[6]),
		days:  strings.Join(f[3:], " "),
	}, true
}

// cronField expands one numeric field: "*", "?", "a", "a-b", "*/n",
// "a/n", "a-b/n" and comma lists of these.
func cronField(field string, lo, hi int) ([]int, bool) {
	var out []int
	for _, item := range strings.Split(field, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return nil, false
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*" || rng == "?":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || x < lo || y > hi || x > y {
				return nil, false
			}
			from, to = x, y
		default:
			x, err := strconv.Atoi(rng)
			if err != nil || x < lo || x > hi {
				return nil, false
			}
			from = x
			if !hasStep {
				to = x
			}
		}
		for v := from; v <= to; v += step {
			out = append(out, v)
		}
	}
	return out, len(out) > 0
}

// shortestGap is the shortest time between two consecutive firings of one
// schedule (a day for a daily single firing, "none" for a single firing on
// some days).
func (c cronSchedule) shortestGap() (int, bool) {
	best, found := 0, false
	for i := 1; i < len(c.times); i++ {
		if g := c.times[i] - c.times[i-1]; !found || g < best {
			best, found = g, true
		}
	}
	if c.daily && len(c.times) > 0 {
		if g := c.times[0] + secondsPerDay - c.times[len(c.times)-1]; !found || g < best {
			best, found = g, true
		}
	}
	return best, found
}

// closestTo is the shortest time between a firing of c and one of d, on the
// same day (or across midnight when both fire every day).
func (c cronSchedule) closestTo(d cronSchedule) int {
	best := secondsPerDay
	for _, t := range c.times {
		i, _ := slices.BinarySearch(d.times, t)
		for _, j := range []int{i - 1, i} {
			if j < 0 || j >= len(d.times) {
				continue
			}
			g := t - d.times[j]
			if g < 0 {
				g = -g
			}
			if c.daily && d.daily {
				g = min(g, secondsPerDay-g) // across midnight
			}
			best = min(best, g)
		}
	}
	return best
}

// checkTriggerIntervals applies the minimum interval to the actions of one
// Put; zero disables the check.
func checkTriggerIntervals(actions []SCFTriggerAction, minimum time.Duration) *scfError {
	if minimum <= 0 {
		return nil
	}
	limit := int(minimum / time.Second)
	var schedules []cronSchedule
	for _, a := range actions {
		c, ok := parseCronSchedule(a.TriggerCronConfig)
		if !ok {
			continue
		}
		if g, ok := c.shortestGap(); ok && g < limit {
			return errSCFTriggerCronInterval()
		}
		schedules = append(schedules, c)
	}
	for i := range schedules {
		for j := i + 1; j < len(schedules); j++ {
			a, b := schedules[i], schedules[j]
			sameDays := (a.daily && b.daily) || a.days == b.days
			if sameDays && a.closestTo(b) < limit {
				return errSCFTriggerInterval()
			}
		}
	}
	return nil
}
