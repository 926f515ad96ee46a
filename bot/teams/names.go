package teams

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Teams names a channel only in the events about the channel itself
// (channelCreated, channelRenamed); messages carry just its id. The coach
// needs the name (case channels are known by their prefix, and summaries and
// exports are titled with it), so the adapter asks the Connector for the
// team's channel list, GET {serviceUrl}/v3/teams/{teamId}/conversations,
// and keeps it for a while.
const (
	namesFresh    = time.Hour       // a team's channel list is reused this long
	namesRetry    = time.Minute     // after a failure, or for a channel not yet listed
	namesDeadline = 3 * time.Second // a lookup never holds up an activity longer
	maxNamedTeams = 4096            // bound on the memory
)

// channelNames caches the channel names of the teams the bot is in.
type channelNames struct {
	mu    sync.Mutex
	teams map[string]*teamChannels
}

type teamChannels struct {
	names   map[string]string // channel id → name
	fetched time.Time         // last successful fetch
	tried   time.Time         // last attempt
}

// name returns the name of channel ch in team, fetching the team's channel
// list when it is unknown or old. It returns "" when the name cannot be
// had; the activity goes on without it.
func (a *Adapter) channelName(ctx context.Context, serviceURL, team, ch string, now time.Time) string {
	c := &a.names
	c.mu.Lock()
	tc := c.teams[team]
	if tc != nil {
		name, known := tc.names[ch]
		fresh := now.Sub(tc.fetched) < namesFresh
		recent := now.Sub(tc.tried) < namesRetry
		if (known && fresh) || recent {
			c.mu.Unlock()
			return name
		}
	}
	if c.teams == nil || len(c.teams) >= maxNamedTeams {
		c.teams = make(map[string]*teamChannels)
	}
	if tc == nil {
		tc = &teamChannels{}
		c.teams[team] = tc
	}
	tc.tried = now // others use what is there while this one asks
	c.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, namesDeadline)
	defer cancel()
	list, err := a.conn.teamChannels(ctx, serviceURL, team)
	if err != nil {
		a.log.Warn("teams: could not look up the team's channel names", "team", team, "err", err)
		c.mu.Lock()
		defer c.mu.Unlock()
		return tc.names[ch]
	}
	names := make(map[string]string, len(list))
	for _, x := range list {
		if x.Name == "" && x.ID == team {
			x.Name = generalChannelName // the General channel comes without a name
		}
		names[x.ID] = x.Name
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	tc.names, tc.fetched = names, now
	return names[ch]
}

// teamChannels lists a team's channels (GET /v3/teams/{id}/conversations).
func (c *connector) teamChannels(ctx context.Context, serviceURL, team string) ([]idName, error) {
	if _, err := activitiesURL(serviceURL, team); err != nil { // same rules for where the token may go
		return nil, err
	}
	target := strings.TrimRight(serviceURL, "/") + "/v3/teams/" + url.PathEscape(team) + "/conversations"
	tok, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, scrubURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusUnauthorized {
			c.tokens.Invalidate(tok)
		}
		return nil, fmt.Errorf("list channels: %s%s", resp.Status, connectorError(body))
	}
	var out struct {
		Conversations []idName `json:"conversations"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	return out.Conversations, nil
}
