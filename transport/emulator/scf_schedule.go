// This file runs the scheduled actions (TriggerActions) of SCF
// configurations on the emulator's clock. A TriggerCronConfig is a
// seven-field cron read in UTC+8 (cronexpr.SCFZone); when it comes due the
// version's provisioned amount becomes the action's
// TriggerProvisionedConcurrencyNum, allocated from the firing time on like
// any Put (InProgress for ReadyAfter, then Done). Actions run lazily, when
// the next operation takes the state's lock (state.lock); only the latest
// firing since counts, since every firing sets the amount outright. A cron the emulator cannot read
// (SCF's parser decides those) never fires here.

package emulator

import (
	"time"

	"github.com/provconc/provconc/internal/cronexpr"
)

// scfRunTriggersLocked applies the TriggerActions of every configuration
// of the account that came due up to now; state.lock runs it.
func (st *state) scfRunTriggersLocked(now time.Time) {
	for _, ns := range st.scf.namespaces {
		for _, f := range ns.functions {
			for _, c := range f.configs {
				st.scfRunConfigTriggersLocked(c, now)
			}
		}
	}
}

// scfRunConfigTriggersLocked applies the latest trigger firing of c up to
// now. Every operation of every protocol calls it (state.lock), so until
// the next firing it only compares times: the crons are read when a run
// finds when that is.
func (st *state) scfRunConfigTriggersLocked(c *scfConfig, now time.Time) {
	if len(c.triggers) == 0 || !now.After(c.triggersRunTo) {
		return
	}
	if c.triggersDueKnown && (c.triggersDue.IsZero() || now.Before(c.triggersDue)) {
		return
	}
	var last, due time.Time
	amount, dueKnown := -1, true
	for _, t := range c.triggers {
		cron, err := cronexpr.ParseCron(cronexpr.SCF, t.TriggerCronConfig)
		if err != nil {
			continue
		}
		cursor := c.triggersRunTo.In(scfZone)
		i := 0
		for ; i < aasMaxFirings; i++ {
			n, ok := cron.Next(cursor)
			if !ok {
				break
			}
			if n.After(now) {
				if due.IsZero() || n.Before(due) {
					due = n
				}
				break
			}
			cursor = n
			if n.After(last) || (n.Equal(last) && amount < 0) {
				last, amount = n, t.TriggerProvisionedConcurrencyNum
			}
		}
		if i == aasMaxFirings {
			dueKnown = false // stopped short of now: look again next time
		}
	}
	c.triggersRunTo, c.triggersDue, c.triggersDueKnown = now, due, dueKnown
	if amount < 0 || amount == c.allocated {
		return
	}
	c.allocated = amount
	c.available = min(c.available, amount)
	c.status, c.reason = SCFStatusInProgress, ""
	c.readyAt = last.Add(st.cfg.readyAfter)
}
