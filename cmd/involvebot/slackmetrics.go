package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack"
)

// slackObserver counts what the Slack adapter observes itself.
type slackObserver struct {
	foreign *prometheus.CounterVec
	paced   *prometheus.CounterVec
	dropped prometheus.Counter
}

var _ slack.Observer = (*slackObserver)(nil)

// slackObserver registers the Slack adapter's metrics.
func (m *metrics) slackObserver() *slackObserver {
	o := &slackObserver{
		foreign: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_slack_foreign_total",
			Help: "Slack deliveries from another workspace than the bot token's, acknowledged and ignored, by kind."}, []string{"kind"}),
		paced: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_pace_wait_seconds_total",
			Help: "Time Web API calls waited to keep to the platform's rate limits (slack.pace)."}, []string{"platform", "method"}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "involve_reactions_dropped_total",
			Help: "Acknowledging ✅ reactions dropped rather than wait more than a few seconds for their turn."}),
	}
	m.reg.MustRegister(o.foreign, o.paced, o.dropped)
	return o
}

func (o *slackObserver) Foreign(kind string) { o.foreign.WithLabelValues(kind).Inc() }

func (o *slackObserver) PaceWait(method string, d time.Duration) {
	o.paced.WithLabelValues(bot.PlatformSlack, method).Add(d.Seconds())
}

func (o *slackObserver) ReactionDropped() { o.dropped.Inc() }
