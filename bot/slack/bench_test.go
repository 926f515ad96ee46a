package slack

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// The benchmarks drive the real HTTP handler over loopback with signed
// requests, the real engine on a real (fsynced) database, and the fake Web
// API on loopback.
//
//	go test -run '^$' -bench . -benchtime 5000x ./bot/slack/

// benchClient keeps enough connections open for the offered load.
var benchClient = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 0},
}

func benchDo(b *testing.B, req *http.Request) (int, string) {
	resp, err := benchClient.Do(req)
	if err != nil {
		b.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func slashForm(channel, text, trigger string) string {
	return string(slacktest.Command{Channel: channel, ChannelName: "sak-" + strings.ToLower(channel), Text: text, TriggerID: trigger}.Form())
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}

// BenchmarkSlashCommandAck offers /involve help at 1,000 requests a second
// (open loop: a slow answer does not delay the next request) and reports
// the latency of the ephemeral ack Slack waits for.
func BenchmarkSlashCommandAck(b *testing.B) {
	e := newE2E(b)
	const rate = 1000
	interval := time.Second / rate
	channels := 100
	var trigger atomic.Int64
	lat := make([]time.Duration, b.N)
	var failed atomic.Int64
	var wg sync.WaitGroup

	// Warm up the connection pool and the name cache.
	for i := range 50 {
		benchDo(b, signedRequest(b, e.url, ctForm, slashForm(fmt.Sprintf("CW%03d", i), "help", fmt.Sprintf("warm.%d", i)), slacktest.SigningSecret, time.Now()))
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		wg.Go(func() {
			form := slashForm(fmt.Sprintf("CB%03d", i%channels), "help", fmt.Sprintf("%d.%d", time.Now().UnixNano(), trigger.Add(1)))
			req := signedRequest(b, e.url, ctForm, form, slacktest.SigningSecret, time.Now())
			code, body := benchDo(b, req)
			lat[i] = time.Since(due)
			if code != http.StatusOK || !strings.Contains(body, `"response_type":"ephemeral"`) || strings.Contains(body, "Beklager") {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(failed.Load()), "failed")
	if failed.Load() > 0 {
		b.Errorf("%d slash commands not answered with their help", failed.Load())
	}
}

// BenchmarkAnswersEndToEnd measures answers a second through the whole
// path: a signed thread reply is verified, translated, deduped and stored
// durably by the engine, then the reaction and the next prompt are posted
// to the Web API. Many channels answer at once; in each channel the next
// answer goes to the prompt the coach just posted.
func BenchmarkAnswersEndToEnd(b *testing.B) {
	e := newE2E(b)
	const workers = 1024
	nChannels := (b.N + dialogs.QuestionCount - 1) / dialogs.QuestionCount
	channels := make([]string, nChannels)
	prompts := make(map[string]chan string, nChannels) // channel → posted prompts' ts
	for i := range channels {
		channels[i] = fmt.Sprintf("CA%05d", i)
		prompts[channels[i]] = make(chan string, dialogs.QuestionCount+2)
	}
	e.f.OnPost(func(p slacktest.Post) {
		if strings.Contains(p.Blocks, `"action_id":"skip"`) {
			prompts[p.Channel] <- p.TS
		}
	})

	// Open every case: /involve start, and wait for its first prompt.
	first := make(map[string]string, nChannels)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i, ch := range channels {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			form := slashForm(ch, "start", fmt.Sprintf("start.%d", i))
			if code, _ := benchDo(b, signedRequest(b, e.url, ctForm, form, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
				b.Errorf("start %s: %d", ch, code)
			}
			select {
			case ts := <-prompts[ch]:
				e.waitRecorded(ch, ts)
				mu.Lock()
				first[ch] = ts
				mu.Unlock()
			case <-time.After(30 * time.Second):
				b.Errorf("no first prompt in %s", ch)
			}
		})
	}
	wg.Wait()
	if b.Failed() {
		return
	}

	var seq atomic.Int64
	answer := func(ch, thread string, user string) int {
		n := seq.Add(1)
		body := slacktest.Message{EventID: fmt.Sprintf("Ev0B%08d", n), Channel: ch, User: user,
			Text: "Et svar på spørsmålet & litt til", TS: fmt.Sprintf("1732700000.%06d", n), Thread: thread}.Body()
		code, _ := benchDo(b, signedRequest(b, e.url, ctJSON, string(body), slacktest.SigningSecret, time.Now()))
		return code
	}
	queue := make(chan string, nChannels)
	for _, ch := range channels {
		queue <- ch
	}
	close(queue)
	var answered atomic.Int64
	var tHTTP, tPrompt atomic.Int64 // summed over answers
	budget := int64(b.N)

	b.ResetTimer()
	start := time.Now()
	for w := range min(workers, nChannels) {
		user := []string{"U0PLANNER", "U0CASEWKR"}[w%2]
		wg.Go(func() {
			for ch := range queue {
				thread := first[ch]
				for q := 1; q <= dialogs.QuestionCount; q++ {
					if answered.Add(1) > budget {
						return
					}
					t0 := time.Now()
					code := answer(ch, thread, user)
					tHTTP.Add(int64(time.Since(t0)))
					if code != http.StatusOK {
						b.Errorf("answer: %d", code)
						return
					}
					if q == dialogs.QuestionCount {
						break // the summary follows, no prompt
					}
					t1 := time.Now()
					select {
					case thread = <-prompts[ch]:
					case <-time.After(30 * time.Second):
						b.Errorf("no prompt %d in %s", q+1, ch)
						return
					}
					// Answer at once: the reply carries parent_user_id, so the
					// coach attributes it even before it has recorded the prompt.
					tPrompt.Add(int64(time.Since(t1)))
				}
			}
		})
	}
	wg.Wait()
	e.settle()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "answers/s")
	b.ReportMetric(float64(nChannels), "channels")
	b.ReportMetric(float64(tHTTP.Load())/float64(b.N)/1e6, "event-ms")
	b.ReportMetric(float64(tPrompt.Load())/float64(max(1, b.N-nChannels))/1e6, "next-prompt-ms")
	if n := e.f.Calls("reactions.add"); n != b.N {
		b.Errorf("%d reactions for %d answers", n, b.N)
	}
}

// waitRecorded waits until the engine has recorded a posted prompt: the
// fake Web API tells of the post before its answer reaches the engine.
func (e *e2e) waitRecorded(channel, ts string) {
	wait := 8 * time.Millisecond
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); wait = min(2*wait, 50*time.Millisecond) {
		time.Sleep(wait)
		c, err := e.eng.Case(channel)
		if err == nil {
			for _, p := range c.Prompts {
				if p.Ref == ts {
					return
				}
			}
		}
	}
	e.t.Errorf("prompt %s in %s never recorded", ts, channel)
}
