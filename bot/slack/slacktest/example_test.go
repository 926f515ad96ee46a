package slacktest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// A client pointed at the fake posts as it would to Slack, and the fake
// remembers what was posted.
func Example() {
	s := slacktest.NewServer(nil)
	defer s.Close()
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.URL))
	if _, _, err := api.PostMessage("C0CASE001", slack.MsgOptionText("1/14 · Hva må vi ha tenkt på i forkant?", false)); err != nil {
		fmt.Println(err)
	}
	for _, p := range s.Posts() {
		fmt.Println(p.Channel, p.Text)
	}
	// Output: C0CASE001 1/14 · Hva må vi ha tenkt på i forkant?
}

// An answer in a prompt's thread, signed as Slack signs it, posted to the
// app's Request URL.
func ExampleNewRequest() {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Header.Get("Content-Type"), r.Header.Get("X-Slack-Signature") != "")
	}))
	defer app.Close()
	answer := slacktest.Message{Channel: "C0CASE001", Text: "Hvem bor der?", Thread: "1732612345.000200"}
	resp, err := http.DefaultClient.Do(slacktest.NewRequest(app.URL+"/slack/events", slacktest.ContentTypeJSON,
		answer.Body(), slacktest.SigningSecret, time.Now()))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output: application/json true
}
