package main

import (
	"fmt"
	"io"
)

// addPlatforms builds the enabled platform adapters and registers their
// senders and HTTP routes.
func (s *server) addPlatforms() error {
	if s.cfg.Slack.Enabled {
		return fmt.Errorf("slack: not built yet")
	}
	if s.cfg.Teams.Enabled {
		return fmt.Errorf("teams: not built yet")
	}
	return nil
}

func cmdTeamsPackage(args []string, stdout, stderr io.Writer) error {
	return fmt.Errorf("teams-package: not built yet")
}
