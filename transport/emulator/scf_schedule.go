// This file runs the scheduled actions (TriggerActions) of SCF
// configurations on the emulator's clock. A TriggerCronConfig is a
// seven-field cron read in UTC+8 (cronexpr.SCFZone); when it comes due the
// version's provisioned amount becomes the action's
// TriggerProvisionedConcurrencyNum, allocated from the firing time on like
// any Put (InProgress for ReadyAfter, then Done). Actions run lazily, when
// the configuration is read; only each read's latest firing counts, since
// every firing sets the amount outright. A cron the emulator cannot read
// (SCF's parser decides those) never fires here.

package emulator

import (
	"time"

	"github.com/provconc/provconc/internal/cronexpr"
)

// scfRunTriggersLocked applies the latest trigger firing of c up to now.
func (st *state) scfRunTriggersLocked(c *scfConfig, now time.Time) {
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
