package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack"
	"github.com/oslo-involve/involve/bot/teams"
)

// slackObserver counts what the Slack adapter observes itself.
type slackObserver struct {
	foreign *prometheus.CounterVec
	m       *metrics
	dropped prometheus.Counter
}

var _ slack.Observer = (*slackObserver)(nil)

// slackObserver registers the Slack adapter's metrics.
func (m *metrics) slackObserver() *slackObserver {
	o := &slackObserver{
		foreign: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_slack_foreign_total",
			Help: "Slack deliveries from another workspace than the bot token's, acknowledged and ignored, by kind."}, []string{"kind"}),
		m: m,
		dropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "involve_reactions_dropped_total",
			Help: "Acknowledging ✅ reactions dropped rather than wait more than a few seconds for their turn."}),
	}
	m.reg.MustRegister(o.foreign, o.dropped)
	return o
}

func (o *slackObserver) Foreign(kind string) {
	o.foreign.WithLabelValues(kind).Inc()
	o.m.ignored.WithLabelValues(bot.PlatformSlack, "workspace").Inc()
}

func (o *slackObserver) PaceWait(method string, d time.Duration) {
	o.m.paced.WithLabelValues(bot.PlatformSlack, method).Add(d.Seconds())
}

func (o *slackObserver) ReactionDropped() { o.dropped.Inc() }

// teamsHooks wires the Teams adapter's observations into the metrics.
func (m *metrics) teamsHooks(a *teams.Adapter) {
	a.Ignored = func(reason string) { m.ignored.WithLabelValues(bot.PlatformTeams, reason).Inc() }
	a.PaceWaited = func(d time.Duration) {
		m.paced.WithLabelValues(bot.PlatformTeams, "activities").Add(d.Seconds())
	}
}
