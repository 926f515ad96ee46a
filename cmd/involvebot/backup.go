package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// cmdBackup writes a consistent copy of the database to stdout: from the
// file when no server holds it, or from a running server's admin route.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	dbPath := fs.String("db", "", "the database file (the server must not be running on it)")
	url := fs.String("url", "", "a running server's base URL, e.g. http://127.0.0.1:3000")
	token := fs.String("token", os.Getenv("INVOLVE_ADMIN_TOKEN"), "the admin token (default $INVOLVE_ADMIN_TOKEN)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *dbPath != "" && *url == "":
		db, err := openExisting(*dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Backup(stdout)
		return err
	case *url != "" && *dbPath == "":
		ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(*url, "/")+"/admin/backup", nil)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+*token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			return fmt.Errorf("backup: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
		}
		_, err = io.Copy(stdout, resp.Body)
		return err
	default:
		return fmt.Errorf("%w: backup: give either -db FILE or -url URL", errUsage)
	}
}
