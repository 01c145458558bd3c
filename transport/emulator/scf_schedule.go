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
// now.
func (st *state) scfRunConfigTriggersLocked(c *scfConfig, now time.Time) {
	if len(c.triggers) == 0 || !now.After(c.triggersRunTo) {
		return
	}
	var last time.Time
	amount := -1
	for _, t := range c.triggers {
		cron, err := cronexpr.ParseCron(cronexpr.SCF, t.TriggerCronConfig)
		if err != nil {
			continue
		}
		cursor := c.triggersRunTo.In(scfZone)
		for i := 0; i < aasMaxFirings; i++ {
			n, ok := cron.Next(cursor)
			if !ok || n.After(now) {
				break
			}
			cursor = n
			if n.After(last) || (n.Equal(last) && amount < 0) {
				last, amount = n, t.TriggerProvisionedConcurrencyNum
			}
		}
	}
	c.triggersRunTo = now
	if amount < 0 || amount == c.allocated {
		return
	}
	c.allocated = amount
	c.available = min(c.available, amount)
	c.status, c.reason = SCFStatusInProgress, ""
	c.readyAt = last.Add(st.cfg.readyAfter)
}
