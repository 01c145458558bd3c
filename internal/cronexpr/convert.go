package cronexpr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ShiftToSCF rewrites an AWS-dialect cron as an SCF seven-field cron whose
// wall clock is offset seconds ahead (the service's zone minus the
// schedule's). It refuses what the shift cannot keep exact: firings that
// land on different days after the shift, minute and hour sets that stop
// being a product, a day shift together with restricted days of the month,
// months or years, and the AWS-only L, W and # forms.
func ShiftToSCF(c *Cron, offset int) (string, error) {
	if c.Dialect != AWS {
		return "", errors.New("not an AWS-dialect cron")
	}
	if c.domLast || c.domWeekday > 0 || c.dowLast > 0 || c.dowNth > 0 {
		return "", errors.New("SCF cron has no L, W or # forms")
	}
	if offset%60 != 0 {
		return "", errors.New("the time zone offset is not a whole minute")
	}
	shift := offset / 60
	var mins, hours set
	carry, first := 0, true
	pairs := 0
	for _, h := range c.Hours.values() {
		for _, m := range c.Minutes.values() {
			t := h*60 + m + shift
			day := floorDiv(t, 1440)
			t -= day * 1440
			if first {
				carry, first = day, false
			} else if day != carry {
				return "", errors.New("the firings fall on different days in the service's time zone; split the schedule so each part stays on one side of midnight there")
			}
			mins.add(t % 60)
			hours.add(t / 60)
			pairs++
		}
	}
	if mins.count()*hours.count() != pairs {
		return "", errors.New("the shifted minutes and hours no longer form one cron (for a time zone offset that is not whole hours, give a single minute)")
	}
	dom, dow := "*", "*"
	if carry != 0 && (c.domRestricts || !c.anyYear || c.Months.count() != 12) {
		return "", errors.New("the firings move to another day in the service's time zone, which cannot be expressed with restricted days of the month, months or years")
	}
	if c.domRestricts {
		dom = formatSet(c.dom)
	}
	if !c.dowAny {
		var shifted set
		for _, d := range c.dow.values() {
			shifted.add(((d+carry)%7 + 7) % 7)
		}
		dow = formatSet(shifted)
	}
	month := "*"
	if c.Months.count() != 12 {
		month = formatSet(c.Months)
	}
	year := "*"
	if !c.anyYear {
		var ys []string
		for o := 0; o < 256; o++ {
			if c.years[o>>6]&(1<<(o&63)) != 0 {
				if 1970+o > 2099 {
					return "", errors.New("SCF cron years end at 2099")
				}
				ys = append(ys, strconv.Itoa(1970+o))
			}
		}
		year = strings.Join(ys, ",")
	}
	return strings.Join([]string{"0", formatSet(mins), formatSet(hours), dom, month, dow, year}, " "), nil
}

// SCFToAWS rewrites an SCF seven-field cron as the six fields of an AWS
// cron(...) on the same wall clock. The seconds must be 0, as AWS cron has
// none; an SCF cron restricting both day fields (either fires) has no AWS
// form.
func SCFToAWS(c *Cron) (string, error) {
	if c.Dialect != SCF {
		return "", errors.New("not an SCF cron")
	}
	if c.Seconds != (set{1}) {
		return "", errors.New("AWS cron has no seconds; the SCF cron fires at a second other than 0")
	}
	dom, dow := "?", "?"
	switch {
	case c.domRestricts && !c.dowAny:
		return "", errors.New("restricts both the day of the month and the day of the week, which AWS cron cannot combine")
	case c.domRestricts:
		dom = formatSet(c.dom)
	case !c.dowAny:
		var shifted set
		for _, d := range c.dow.values() {
			shifted.add(d + 1)
		}
		dow = formatSet(shifted)
	default:
		dom = "*"
	}
	month := "*"
	if c.Months.count() != 12 {
		month = formatSet(c.Months)
	}
	year := "*"
	if !c.anyYear {
		var ys []string
		for o := 0; o < 256; o++ {
			if c.years[o>>6]&(1<<(o&63)) != 0 {
				ys = append(ys, strconv.Itoa(1970+o))
			}
		}
		year = strings.Join(ys, ",")
	}
	return strings.Join([]string{formatSet(c.Minutes), formatSet(c.Hours), dom, month, dow, year}, " "), nil
}

// formatSet writes a set as a comma list of values and ranges (1-5,7).
func formatSet(s set) string {
	vals := s.values()
	var parts []string
	for i := 0; i < len(vals); {
		j := i
		for j+1 < len(vals) && vals[j+1] == vals[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", vals[i], vals[j]))
		} else {
			parts = append(parts, strconv.Itoa(vals[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
