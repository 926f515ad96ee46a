package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/storage"
)

// metrics is the Prometheus side of bot.Observer, plus what the HTTP
// edge counts itself.
type metrics struct {
	reg       *prometheus.Registry
	events    *prometheus.CounterVec
	dupes     *prometheus.CounterVec
	failed    *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	replies   *prometheus.CounterVec
	answers   *prometheus.CounterVec
	sent      *prometheus.CounterVec
	sendFail  *prometheus.CounterVec
	retries   *prometheus.CounterVec
	nudges    *prometheus.CounterVec
	dead      *prometheus.CounterVec
	rejected  *prometheus.CounterVec
	depth     prometheus.Gauge
	oldestAge prometheus.Gauge
	paced     *prometheus.CounterVec // time sends waited for the platform's rate limits
	ignored   *prometheus.CounterVec // verified deliveries ignored: another workspace, channel or tenant
	unplaced  *prometheus.CounterVec // replies kept as notes: their thread could not be placed
}

var _ bot.Observer = (*metrics)(nil)

func newMetrics(db *storage.DB) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_events_received_total",
		Help: "Events handled, by platform and kind (command, message, edit, delete, joined, action)."}, []string{"platform", "kind"})
	m.dupes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_events_duplicate_total",
		Help: "Redelivered events that had no effect."}, []string{"platform"})
	m.failed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_events_failed_total",
		Help: "Events that could not be handled (the platform retries them)."}, []string{"platform"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "involve_handler_seconds",
		Help: "Time to handle one event, stored durably.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}},
		[]string{"platform"})
	m.replies = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_replies_total",
		Help: "Replies the coach produced, by kind (prompt, ack, nudge, summary, …)."}, []string{"platform", "kind"})
	m.answers = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_answers_stored_total",
		Help: "Answers and outcome reports stored (each is acknowledged once)."}, []string{"platform"})
	m.sent = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_sent_total",
		Help: "Replies delivered to the platform, by kind."}, []string{"platform", "kind"})
	m.sendFail = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_send_failures_total",
		Help: "Delivery attempts that failed."}, []string{"platform"})
	m.retries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_send_retries_total",
		Help: "Deliveries put back for a retry; reason rate_limited (429) or error."}, []string{"platform", "reason"})
	m.nudges = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_nudges_queued_total",
		Help: "Weekly nudges queued."}, []string{"platform"})
	m.dead = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_dead_letters_total",
		Help: "Replies given up on; reason permanent (the platform refused) or retries (failed past the bounds)."},
		[]string{"platform", "reason"})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_requests_rejected_total",
		Help: "HTTP requests refused, by route and reason."}, []string{"route", "reason"})
	m.depth = prometheus.NewGauge(prometheus.GaugeOpts{Name: "involve_outbox_depth",
		Help: "Replies waiting for delivery."})
	m.oldestAge = prometheus.NewGauge(prometheus.GaugeOpts{Name: "involve_outbox_oldest_age_seconds",
		Help: "Age of the oldest reply waiting for delivery."})
	m.paced = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_pace_wait_seconds_total",
		Help: "Time sends waited to keep to the platform's rate limits (slack.pace, teams.pace)."}, []string{"platform", "method"})
	m.ignored = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_ignored_total",
		Help: "Verified deliveries ignored because they came from elsewhere: Slack another workspace; Teams another channel than msteams, or another tenant."},
		[]string{"platform", "reason"})
	m.unplaced = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_replies_unplaced_total",
		Help: "Replies in a thread the coach could not place (Teams), kept as notes."}, []string{"platform"})
	f(m.unplaced)
	for _, c := range []prometheus.Collector{m.events, m.dupes, m.failed, m.latency, m.replies, m.answers, m.sent, m.sendFail,
		m.retries, m.nudges, m.dead, m.rejected, m.depth, m.oldestAge, m.paced, m.ignored} {
		f(c)
	}
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		f(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "involve_cases", Help: "Cases in the database."},
			func() float64 {
				st, err := db.Stats()
				if err != nil {
					return -1
				}
				return float64(st.Cases)
			}))
	}
	return m
}

func (m *metrics) Handled(platform, kind string, took time.Duration, duplicate bool, err error) {
	m.events.WithLabelValues(platform, kind).Inc()
	m.latency.WithLabelValues(platform).Observe(took.Seconds())
	if duplicate {
		m.dupes.WithLabelValues(platform).Inc()
	}
	if err != nil {
		m.failed.WithLabelValues(platform).Inc()
	}
}

func (m *metrics) Replied(platform, kind string) {
	m.replies.WithLabelValues(platform, kind).Inc()
	if kind == "ack" {
		m.answers.WithLabelValues(platform).Inc()
	}
}

func (m *metrics) Sent(platform, kind string, _ time.Duration, err error) {
	if err != nil {
		m.sendFail.WithLabelValues(platform).Inc()
		return
	}
	m.sent.WithLabelValues(platform, kind).Inc()
}

func (m *metrics) Retried(platform string, rateLimited bool) {
	reason := "error"
	if rateLimited {
		reason = "rate_limited"
	}
	m.retries.WithLabelValues(platform, reason).Inc()
}

func (m *metrics) Outbox(depth int, oldest, now time.Time) {
	m.depth.Set(float64(depth))
	if oldest.IsZero() {
		m.oldestAge.Set(0)
		return
	}
	m.oldestAge.Set(now.Sub(oldest).Seconds())
}

func (m *metrics) Nudged(platform string) { m.nudges.WithLabelValues(platform).Inc() }

func (m *metrics) DeadLettered(platform, reason string) {
	m.dead.WithLabelValues(platform, reason).Inc()
}

// Unplaced counts a reply kept as a note because its thread could not be
// placed (bot.UnplacedObserver).
func (m *metrics) Unplaced(platform string) { m.unplaced.WithLabelValues(platform).Inc() }

// Rejected counts a refused HTTP request.
func (m *metrics) Rejected(route, reason string) { m.rejected.WithLabelValues(route, reason).Inc() }
