package dialogs

import (
	"testing"
	"time"
)

// What the platform says of a channel halts and resumes its nudges, kept
// apart from the team's own pause; it never says anything in the channel.
func TestLifecycle(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	running := func(teamPaused bool) *Case {
		c := Coach{}.NewCase("C1", "teams", "sak-elv", at)
		c.State, c.Current, c.Round = StateAsking, 3, 1
		c.Nudge.Paused = teamPaused
		return c
	}
	for _, tc := range []struct {
		name       string
		teamPaused bool
		steps      []string
		active     bool
	}{
		{"deleted", false, []string{LifecycleDeleted}, false},
		{"deleted, restored", false, []string{LifecycleDeleted, LifecycleRestored}, true},
		{"archived, unarchived", false, []string{LifecycleArchived, LifecycleUnarchived}, true},
		{"team archived", false, []string{LifecycleTeamArchived}, false},
		{"team archived, channel restored", false, []string{LifecycleTeamArchived, LifecycleRestored}, false},
		{"team archived, unarchived", false, []string{LifecycleTeamArchived, LifecycleTeamUnarchived}, true},
		{"team deleted, restored", false, []string{LifecycleTeamDeleted, LifecycleTeamRestored}, true},
		{"paused by the team, deleted, restored", true, []string{LifecycleDeleted, LifecycleRestored}, false},
		{"renamed", false, []string{LifecycleRenamed}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := running(tc.teamPaused)
			for _, v := range tc.steps {
				out := Coach{}.Step(c, Input{Kind: InputLifecycle, Value: v, At: at})
				if len(out.Replies) != 0 {
					t.Errorf("%s: the coach said %+v", v, out.Replies)
				}
			}
			if c.Active() != tc.active || c.Nudge.Paused != tc.teamPaused {
				t.Errorf("active %v, team's pause %v (life %+v); want active %v, pause %v",
					c.Active(), c.Nudge.Paused, c.Life, tc.active, tc.teamPaused)
			}
		})
	}
}

// The personal chat greeting, in every language: how to start in a
// channel, and no Start button.
func TestPersonalGreeting(t *testing.T) {
	for _, l := range []Lang{NB, NN, EN} {
		c := Coach{}.NewCase("a:1", "teams", "", time.Now())
		c.Lang = l
		out := Coach{}.Step(c, Input{Kind: InputJoined, Value: JoinedPersonal, At: time.Now()})
		if len(out.Replies) != 1 || len(out.Replies[0].Buttons) != 0 || out.Replies[0].Text != textsFor(l).PersonalGreeting {
			t.Errorf("%s: %+v", l, out.Replies)
		}
		if out = (Coach{}).Step(c, Input{Kind: InputJoined, Value: JoinedPersonal, At: time.Now()}); len(out.Replies) != 0 {
			t.Errorf("%s: greeted twice", l)
		}
	}
}
