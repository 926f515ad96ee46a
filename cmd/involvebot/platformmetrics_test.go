package main

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/oslo-involve/involve/bot/teams"
)

// What the Teams adapter observes itself (activities ignored for their
// channel or tenant, time waited for the Bot Connector's limits) reaches
// /metrics, beside Slack's figures of the same kind.
func TestTeamsObservationsReachTheMetrics(t *testing.T) {
	m := newMetrics(nil)
	a := &teams.Adapter{}
	m.teamsHooks(a)
	a.Ignored(teams.IgnoredTenant)
	a.Ignored(teams.IgnoredChannel)
	a.Ignored(teams.IgnoredChannel)
	a.PaceWaited(1500 * time.Millisecond)
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"involve_ignored_total", []string{"platform", "teams", "reason", "tenant"}, 1},
		{"involve_ignored_total", []string{"platform", "teams", "reason", "channel"}, 2},
		{"involve_pace_wait_seconds_total", []string{"platform", "teams", "method", "activities"}, 1.5},
	} {
		if got := metricValue(body, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}
