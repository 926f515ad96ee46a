package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/dialogs"
)

// eventMemory is how long seen event ids are remembered. Slack retries
// within minutes and Socket Mode redelivers within the hour.
const eventMemory = 48 * time.Hour

// Scheduler runs the weekly nudge and the housekeeping with robfig/cron.
type Scheduler struct {
	engine   *Engine
	schedule dialogs.Schedule
	loc      *time.Location

	// RetainClosed deletes closed cases this long after they were closed;
	// zero keeps them.
	RetainClosed time.Duration
	// Log receives the scheduler's logs.
	Log *slog.Logger
}

// NewScheduler returns a scheduler that nudges on schedule, in loc. Wrap the
// schedule with dialogs.SkipHolidays to move slots off public holidays.
func NewScheduler(e *Engine, schedule dialogs.Schedule, loc *time.Location) *Scheduler {
	if loc == nil {
		loc = time.UTC
	}
	return &Scheduler{engine: e, schedule: schedule, loc: loc, Log: e.Log}
}

// housekeeping is when Housekeep runs, in the scheduler's time zone.
const housekeeping = "17 3 * * *"

// Run catches up on a slot missed while the process was down, then nudges
// on every slot until ctx ends. It waits for a running nudge before it
// returns.
func (s *Scheduler) Run(ctx context.Context) error {
	daily, err := cron.ParseStandard(housekeeping)
	if err != nil {
		return err
	}
	return runCron(ctx, s.loc, s.Log,
		cronJob{s.schedule, func() { s.tick(ctx) }},
		cronJob{daily, func() { s.housekeep(ctx, s.engine.Now()) }})
}

// cronJob is a job of runCron: run on schedule.
type cronJob struct {
	schedule cron.Schedule
	run      func()
}

// runCron is the engine's one cron runner: it runs each job once at start
// (a slot that passed while the process was down goes out now, once: the
// jobs are safe to repeat), then on its schedule in loc with robfig/cron,
// until ctx ends. It waits for a running job before it returns.
func runCron(ctx context.Context, loc *time.Location, log *slog.Logger, jobs ...cronJob) error {
	l := cronLogger{log}
	c := cron.New(
		cron.WithLocation(loc),
		cron.WithLogger(l),
		// SkipIfStillRunning outside Recover: a panic must not block the job forever.
		cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)),
	)
	for _, j := range jobs {
		c.Schedule(j.schedule, cron.FuncJob(j.run))
	}
	for _, j := range jobs {
		j.run()
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

func (s *Scheduler) tick(ctx context.Context) {
	if _, err := s.Tick(ctx, s.engine.Now()); err != nil && ctx.Err() == nil {
		s.Log.Error("nudge run failed", "err", err)
	}
}

// Tick nudges for the latest slot at or before now. Cases that had it
// already are left alone, so calling it often is harmless; the zero slot
// (a schedule with nothing in the past year) does nothing.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (NudgeStats, error) {
	slot := localSlot(dialogs.LatestSlot(s.schedule, now.In(s.loc)), s.loc)
	if slot.IsZero() {
		return NudgeStats{}, nil
	}
	st, err := s.engine.NudgeAll(ctx, slot)
	if st.Queued > 0 {
		s.Log.Info("nudges queued", "slot", slot, "cases", st.Cases, "queued", st.Queued)
	}
	return st, err
}

// Next returns the next slot after now.
func (s *Scheduler) Next(now time.Time) time.Time { return s.schedule.Next(now.In(s.loc)) }

// Housekeep forgets old event ids and deletes closed cases past retention.
func (s *Scheduler) Housekeep(now time.Time) { s.housekeep(context.Background(), now) }

func (s *Scheduler) housekeep(ctx context.Context, now time.Time) {
	// The memory counts back from the newest event this engine recorded,
	// not from the clock: a clock that jumps ahead must not forget the ids
	// Slack may still deliver again. Before the first event there is
	// nothing new to forget, and nothing is.
	if newest := s.engine.newestEvent(); !newest.IsZero() {
		if newest.After(now) {
			newest = now
		}
		cutoff := newest.Add(-eventMemory)
		if n, err := s.engine.PruneEvents(ctx, cutoff); err != nil {
			s.Log.Error("prune seen events", "err", err)
		} else if n > 0 {
			s.Log.Debug("pruned seen events", "count", n)
		}
	}
	if s.RetainClosed <= 0 {
		return
	}
	n, err := s.engine.Retain(ctx, now, s.RetainClosed)
	if err != nil {
		s.Log.Error("retention", "err", err)
	}
	if n > 0 {
		s.Log.Info("deleted closed cases past retention", "count", n)
	}
}

// cronLogger lets robfig/cron log through slog.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append([]any{"err", err}, kv...)...)
}
