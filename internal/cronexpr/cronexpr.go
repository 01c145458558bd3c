// Package cronexpr reads the schedule expressions of the two clouds and
// finds when they fire: Application Auto Scaling's at(...), rate(...) and
// six-field cron(...) (the EventBridge dialect: minutes hours day-of-month
// month day-of-week year, with ? L W #), and Tencent SCF's seven-field cron
// (second minute hour day month week year, with , - * / only). The root
// package validates with it, transport/tencentscf converts with it and the
// emulator runs schedules with it.
package cronexpr

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Dialect is the cron syntax of one cloud.
type Dialect int

// The dialects.
const (
	// AWS is the six-field cron of Application Auto Scaling: day of week
	// 1-7 or SUN-SAT (1 is Sunday), years 1970-2199, and exactly one of
	// day of month and day of week must be "?".
	AWS Dialect = iota
	// SCF is Tencent SCF's seven-field cron: day of week 0-6 or SUN-SAT
	// (0 is Sunday), years 1970-2099, wildcards , - * / only. When both day
	// fields are restricted a day matching either fires, as in classic cron.
	SCF
)

// set is a bit set of the values 0..127.
type set [2]uint64

func (s *set) add(v int)     { s[v>>6] |= 1 << (v & 63) }
func (s set) has(v int) bool { return v >= 0 && v < 128 && s[v>>6]&(1<<(v&63)) != 0 }
func (s set) count() int     { return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) }
func (s set) values() (out []int) {
	for v := 0; v < 128; v++ {
		if s.has(v) {
			out = append(out, v)
		}
	}
	return out
}

// Cron is a parsed cron expression. Seconds is {0} in the AWS dialect.
type Cron struct {
	Dialect                                Dialect
	Seconds, Minutes, Hours, Months        set
	years                                  [4]uint64 // offsets from 1970
	anyYear                                bool
	dom                                    set // 1..31
	domAny, domLast                        bool
	domWeekday                             int // n of "nW"; 0 for none
	dow                                    set // 0..6, 0 is Sunday
	dowAny                                 bool
	dowLast                                int // weekday+1 of "nL"; 0 for none
	dowNth, dowNthDay                      int // k and weekday of "d#k"
	domQuestion, dowQuestion, domRestricts bool
}

var monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
var dayNames = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

// ParseCron reads the fields of a cron expression (without AWS's
// "cron(...)" wrapper) in dialect d.
func ParseCron(d Dialect, expr string) (*Cron, error) {
	fields := strings.Fields(expr)
	want, maxYear := 6, 2199
	if d == SCF {
		want, maxYear = 7, 2099
	}
	if len(fields) != want {
		if d == SCF {
			return nil, fmt.Errorf("must have 7 space-separated fields (second minute hour day month week year), not %d", len(fields))
		}
		return nil, fmt.Errorf("must have 6 space-separated fields (minutes hours day-of-month month day-of-week year), not %d", len(fields))
	}
	c := &Cron{Dialect: d}
	if d == SCF {
		s, err := parseField(fields[0], "second", 0, 59, nil, 0)
		if err != nil {
			return nil, err
		}
		c.Seconds = s
		fields = fields[1:]
	} else {
		c.Seconds.add(0)
	}
	var err error
	if c.Minutes, err = parseField(fields[0], "minute", 0, 59, nil, 0); err != nil {
		return nil, err
	}
	if c.Hours, err = parseField(fields[1], "hour", 0, 23, nil, 0); err != nil {
		return nil, err
	}
	if err := c.parseDOM(fields[2]); err != nil {
		return nil, err
	}
	if c.Months, err = parseField(fields[3], "month", 1, 12, monthNames, 1); err != nil {
		return nil, err
	}
	if err := c.parseDOW(fields[4]); err != nil {
		return nil, err
	}
	if fields[5] == "*" {
		c.anyYear = true
	} else {
		ys, err := parseYears(fields[5], maxYear)
		if err != nil {
			return nil, err
		}
		c.years = ys
	}
	if d == AWS && c.domQuestion == c.dowQuestion {
		return nil, errors.New("exactly one of day-of-month and day-of-week must be ?")
	}
	return c, nil
}

func (c *Cron) parseDOM(f string) error {
	switch {
	case f == "?":
		if c.Dialect == SCF {
			return errors.New("day field: ? is not an SCF wildcard (use *)")
		}
		c.domQuestion, c.domAny = true, true
		return nil
	case f == "*":
		c.domAny = true
		return nil
	case f == "L" && c.Dialect == AWS:
		c.domLast, c.domRestricts = true, true
		return nil
	case strings.HasSuffix(f, "W") && c.Dialect == AWS:
		n, err := strconv.Atoi(strings.TrimSuffix(f, "W"))
		if err != nil || n < 1 || n > 31 {
			return fmt.Errorf("day-of-month %q: W needs a day 1-31 before it", f)
		}
		c.domWeekday, c.domRestricts = n, true
		return nil
	}
	s, err := parseField(f, "day-of-month", 1, 31, nil, 0)
	if err != nil {
		return err
	}
	c.dom, c.domRestricts = s, true
	return nil
}

func (c *Cron) parseDOW(f string) error {
	lo, hi, shift := 0, 6, 0
	if c.Dialect == AWS {
		lo, hi, shift = 1, 7, 1 // 1 is Sunday
	}
	switch {
	case f == "?":
		if c.Dialect == SCF {
			return errors.New("week field: ? is not an SCF wildcard (use *)")
		}
		c.dowQuestion, c.dowAny = true, true
		return nil
	case f == "*":
		c.dowAny = true
		return nil
	case c.Dialect == AWS && f == "L":
		c.dow.add(6) // Saturday, the last day of the week
		return nil
	case c.Dialect == AWS && strings.HasSuffix(f, "L"):
		d, err := dayValue(strings.TrimSuffix(f, "L"), lo, hi)
		if err != nil {
			return fmt.Errorf("day-of-week %q: L needs a day before it", f)
		}
		c.dowLast = d - shift + 1
		return nil
	case c.Dialect == AWS && strings.Contains(f, "#"):
		a, b, _ := strings.Cut(f, "#")
		d, err1 := dayValue(a, lo, hi)
		k, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || k < 1 || k > 5 {
			return fmt.Errorf("day-of-week %q: # needs a day and a week 1-5 (3#2 is the second Tuesday)", f)
		}
		c.dowNth, c.dowNthDay = k, d-shift
		return nil
	}
	s, err := parseField(f, "day-of-week", lo, hi, dayNames, lo)
	if err != nil {
		return err
	}
	for _, v := range s.values() {
		c.dow.add(v - shift)
	}
	return nil
}

func dayValue(s string, lo, hi int) (int, error) {
	for i, n := range dayNames {
		if strings.EqualFold(s, n) {
			return i + lo, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, errors.New("bad day")
	}
	return v, nil
}

// parseField reads a comma list of "*", "v", "a-b", "*/n", "a/n" and
// "a-b/n"; names (JAN, MON) stand for base+index.
func parseField(f, what string, lo, hi int, names []string, base int) (set, error) {
	var s set
	if f == "" {
		return s, fmt.Errorf("%s field is empty", what)
	}
	value := func(t string) (int, error) {
		for i, n := range names {
			if strings.EqualFold(t, n) {
				return base + i, nil
			}
		}
		v, err := strconv.Atoi(t)
		if err != nil || v < lo || v > hi || len(t) > 4 {
			return 0, fmt.Errorf("%s %q must be %d-%d", what, t, lo, hi)
		}
		return v, nil
	}
	for _, item := range strings.Split(f, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || n > hi-lo+1 {
				return s, fmt.Errorf("%s step %q must be 1-%d", what, stepText, hi-lo+1)
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			x, err := value(a)
			if err != nil {
				return s, err
			}
			y, err := value(b)
			if err != nil {
				return s, err
			}
			if x > y {
				return s, fmt.Errorf("%s range %q runs backwards", what, rng)
			}
			from, to = x, y
		default:
			x, err := value(rng)
			if err != nil {
				return s, err
			}
			from = x
			if !hasStep {
				to = x
			}
		}
		for v := from; v <= to; v += step {
			s.add(v)
		}
	}
	return s, nil
}

func parseYears(f string, maxYear int) ([4]uint64, error) {
	var ys [4]uint64
	for _, item := range strings.Split(f, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || n > 230 {
				return ys, fmt.Errorf("year step %q is not valid", stepText)
			}
			step = n
		}
		from, to := 1970, maxYear
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			x, err := strconv.Atoi(a)
			if err != nil || x < 1970 || x > maxYear {
				return ys, fmt.Errorf("year %q must be 1970-%d", a, maxYear)
			}
			from, to = x, x
			if isRange {
				y, err := strconv.Atoi(b)
				if err != nil || y < x || y > maxYear {
					return ys, fmt.Errorf("year range %q must run forwards within 1970-%d", rng, maxYear)
				}
				to = y
			} else if hasStep {
				to = maxYear
			}
		}
		for v := from; v <= to; v += step {
			o := v - 1970
			ys[o>>6] |= 1 << (o & 63)
		}
	}
	return ys, nil
}

func (c *Cron) yearOK(y int) bool {
	if c.anyYear {
		return true
	}
	o := y - 1970
	return o >= 0 && o < 256 && c.years[o>>6]&(1<<(o&63)) != 0
}

// dayOK reports whether the cron fires on the date.
func (c *Cron) dayOK(y int, m time.Month, d int) bool {
	if !c.yearOK(y) || !c.Months.has(int(m)) {
		return false
	}
	wd := int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday())
	last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
	domMatch := func() bool {
		switch {
		case c.domLast:
			return d == last
		case c.domWeekday > 0:
			return d == nearestWeekday(y, m, c.domWeekday, last)
		}
		return c.dom.has(d)
	}
	dowRestricted := !c.dowAny
	dowMatch := func() bool {
		switch {
		case c.dowLast > 0:
			return wd == c.dowLast-1 && d+7 > last
		case c.dowNth > 0:
			return wd == c.dowNthDay && (d-1)/7+1 == c.dowNth
		}
		return c.dow.has(wd)
	}
	switch {
	case c.domRestricts && dowRestricted:
		return domMatch() || dowMatch()
	case c.domRestricts:
		return domMatch()
	case dowRestricted:
		return dowMatch()
	}
	return true
}

// nearestWeekday is the weekday (Monday-Friday) nearest to day n of the
// month, staying within the month, as "nW" means.
func nearestWeekday(y int, m time.Month, n, last int) int {
	if n > last {
		return -1
	}
	switch time.Date(y, m, n, 12, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}

// searchDays bounds the search for the next firing: eight years cover
// every pattern of leap days. Years the cron leaves out are skipped
// whole and count one day each.
const searchDays = 8*366 + 1

// nextYear is the first year after y the cron allows; 0 when none.
func (c *Cron) nextYear(y int) int {
	for y++; y <= 1970+255; y++ {
		if c.yearOK(y) {
			return y
		}
	}
	return 0
}

// Next returns the first firing strictly after t, in t's location, and
// false when there is none within eight of the cron's years (or the years
// run out).
func (c *Cron) Next(t time.Time) (time.Time, bool) {
	loc := t.Location()
	secs, mins, hours := c.Seconds.values(), c.Minutes.values(), c.Hours.values()
	day := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC)
	for i := 0; i < searchDays; i++ {
		y, m, d := day.Date()
		if !c.anyYear && y > 2199 {
			return time.Time{}, false
		}
		if !c.yearOK(y) {
			ny := c.nextYear(y)
			if ny == 0 {
				return time.Time{}, false
			}
			day = time.Date(ny, 1, 1, 12, 0, 0, 0, time.UTC)
			continue
		}
		if c.dayOK(y, m, d) {
			// On t's own day, hours and minutes before t's cannot follow it
			// (wall clocks that repeat an hour are checked by After).
			first := i == 0
			for _, h := range hours {
				if first && h < t.Hour()-1 {
					continue
				}
				for _, mi := range mins {
					if first && h == t.Hour() && mi < t.Minute() {
						continue
					}
					for _, s := range secs {
						at := time.Date(y, m, d, h, mi, s, 0, loc)
						if at.After(t) && at.Day() == d {
							return at, true
						}
					}
				}
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, false
}

// Kind is the form of an Application Auto Scaling schedule.
type Kind int

// The forms.
const (
	KindAt Kind = iota + 1
	KindCron
	KindRate
)

// AtLayout is the layout of at(...): yyyy-mm-ddThh:mm:ss, wall clock in
// the schedule's time zone.
const AtLayout = "2006-01-02T15:04:05"

// Expression is a parsed Application Auto Scaling schedule.
type Expression struct {
	Kind Kind
	// At is the wall-clock time of at(...), read in UTC: Next places it in
	// the schedule's time zone.
	At time.Time
	// Rate is the period of rate(...).
	Rate time.Duration
	// Cron is the cron of cron(...).
	Cron *Cron
}

// Parse reads at(...), cron(...) or rate(...).
func Parse(expr string) (Expression, error) {
	open := strings.IndexByte(expr, '(')
	if open < 0 || !strings.HasSuffix(expr, ")") {
		return Expression{}, errors.New("must be at(yyyy-mm-ddThh:mm:ss), cron(fields) or rate(value unit)")
	}
	kind, body := expr[:open], expr[open+1:len(expr)-1]
	switch kind {
	case "at":
		at, err := time.Parse(AtLayout, body)
		if err != nil {
			return Expression{}, fmt.Errorf("at(...) must hold yyyy-mm-ddThh:mm:ss, such as at(2026-12-24T08:00:00)")
		}
		return Expression{Kind: KindAt, At: at}, nil
	case "cron":
		c, err := ParseCron(AWS, body)
		if err != nil {
			return Expression{}, fmt.Errorf("cron(...): %w", err)
		}
		return Expression{Kind: KindCron, Cron: c}, nil
	case "rate":
		d, err := parseRate(body)
		if err != nil {
			return Expression{}, err
		}
		return Expression{Kind: KindRate, Rate: d}, nil
	}
	return Expression{}, errors.New("must be at(yyyy-mm-ddThh:mm:ss), cron(fields) or rate(value unit)")
}

// parseRate reads "value unit": a positive whole number and minute(s),
// hour(s) or day(s), singular for 1 and plural otherwise, as documented.
func parseRate(body string) (time.Duration, error) {
	const rule = "rate(...) must hold a positive whole number and a unit: rate(1 minute), rate(5 minutes), rate(1 hour), rate(2 days)"
	f := strings.Fields(body)
	if len(f) != 2 || strings.Join(f, " ") != body {
		return 0, errors.New(rule)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 || n > 1<<20 || f[0][0] == '0' || f[0][0] == '+' {
		return 0, errors.New(rule)
	}
	unit := f[1]
	if n != 1 {
		var ok bool
		if unit, ok = strings.CutSuffix(unit, "s"); !ok {
			return 0, errors.New(rule + " (plural unit for a value other than 1)")
		}
	}
	switch unit {
	case "minute":
		return time.Duration(n) * time.Minute, nil
	case "hour":
		return time.Duration(n) * time.Hour, nil
	case "day":
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return 0, errors.New(rule)
}

// Next returns the first firing strictly after t. The wall clock of at(...)
// and cron(...) is read in loc; rate(...) fires every period from anchor
// (the schedule's start, or when it was created).
func (x Expression) Next(t time.Time, loc *time.Location, anchor time.Time) (time.Time, bool) {
	switch x.Kind {
	case KindAt:
		at := time.Date(x.At.Year(), x.At.Month(), x.At.Day(), x.At.Hour(), x.At.Minute(), x.At.Second(), 0, loc)
		return at, at.After(t)
	case KindCron:
		return x.Cron.Next(t.In(loc))
	case KindRate:
		if t.Before(anchor) {
			return anchor.Add(x.Rate), true
		}
		n := t.Sub(anchor)/x.Rate + 1
		return anchor.Add(n * x.Rate), true
	}
	return time.Time{}, false
}

// SCFZone is the zone Tencent SCF reads its crons in: China Standard Time,
// UTC+8 all year (the API documents no zone; the SCF console schedules in
// Beijing time).
var SCFZone = time.FixedZone("UTC+8", 8*60*60)
