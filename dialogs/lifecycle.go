package dialogs

// InputLifecycle says what happened to a case's channel or to its team on
// the platform: renamed, deleted, archived, restored. Value is one of the
// Lifecycle constants; the event's channel name, when it carries one, is
// the channel's name now. It never creates a case.
const InputLifecycle InputKind = "lifecycle"

// What happened to a channel or its team (InputLifecycle's Value).
const (
	LifecycleRenamed        = "renamed"         // the channel has a new name
	LifecycleDeleted        = "deleted"         // the channel was deleted
	LifecycleRestored       = "restored"        // a deleted channel is back
	LifecycleArchived       = "archived"        // the channel was archived (Slack)
	LifecycleUnarchived     = "unarchived"      // an archived channel is back (Slack)
	LifecycleTeamArchived   = "team_archived"   // the channel's team was archived (Teams)
	LifecycleTeamUnarchived = "team_unarchived" // the channel's team is active again
	LifecycleTeamDeleted    = "team_deleted"    // the channel's team was deleted
	LifecycleTeamRestored   = "team_restored"   // a deleted team is back
)

// JoinedPersonal as InputJoined's Value says the coach was added to a
// person's personal chat, where no case belongs: it greets with what it is
// for and how to start in a channel, and offers no Start button.
const JoinedPersonal = "personal"

// Life is what the platform says of a case's channel and its team. It is
// kept apart from the team's own pause (Nudging.Paused): a restore resumes
// what the lifecycle stopped and never undoes a pause the team chose.
type Life struct {
	ChannelGone  bool `json:"channel_gone,omitempty"`  // the channel was deleted or archived
	TeamGone     bool `json:"team_gone,omitempty"`     // the team was deleted
	TeamArchived bool `json:"team_archived,omitempty"` // the team was archived
}

// Halted reports whether the channel cannot take nudges now.
func (l Life) Halted() bool { return l.ChannelGone || l.TeamGone || l.TeamArchived }

// lifecycle applies what happened to the channel. The name is the
// engine's to update; the coach says nothing into a channel that changed.
func (s *step) lifecycle() {
	c := s.c
	l := c.Life
	switch s.in.Value {
	case LifecycleDeleted, LifecycleArchived:
		l.ChannelGone = true
	case LifecycleRestored, LifecycleUnarchived:
		l.ChannelGone = false
	case LifecycleTeamArchived:
		l.TeamArchived = true
	case LifecycleTeamUnarchived:
		l.TeamArchived = false
	case LifecycleTeamDeleted:
		l.TeamGone = true
	case LifecycleTeamRestored:
		l.TeamGone = false
	}
	if l != c.Life {
		c.Life = l
		s.changed()
	}
}

// personal greets a person in their personal chat, once: what the coach is
// for and how to start in a channel. A case belongs in a channel, so there
// is no Start button here.
func (s *step) personal() {
	c := s.c
	if !c.Introduced.IsZero() {
		return // platforms announce one install more than once
	}
	c.Introduced = s.in.At
	s.changed()
	s.say(Reply{Kind: ReplyIntro, Title: s.t.PersonalTitle, Text: s.t.PersonalGreeting})
}
