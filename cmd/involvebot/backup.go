package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oslo-involve/involve/storage"
)

// headerSHA256 carries the hex SHA-256 of a hot backup's bytes.
const headerSHA256 = "X-Involve-Backup-Sha256"

// backup serves a hot copy of the database. The copy is first written to
// a file beside the database in one short read transaction (local disk is
// fast), then sent with its length and checksum: a slow client reads the
// file, never holding bbolt's read transaction, which would keep writers
// from growing the file.
func (s *server) backup(w http.ResponseWriter, r *http.Request) {
	if s.db == nil {
		http.Error(w, "the state is in etcd: back it up with involvebot backup -config FILE (an etcd snapshot)", http.StatusNotFound)
		return
	}
	f, n, sum, err := snapshot(s.db, filepath.Dir(s.db.Path()))
	if err != nil {
		s.log.Error("backup failed", "err", err)
		http.Error(w, "backup failed", http.StatusInternalServerError)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="involve-%s.db"`, time.Now().UTC().Format("20060102T150405Z")))
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	w.Header().Set(headerSHA256, sum)
	if _, err := io.Copy(w, f); err != nil {
		s.log.Warn("backup not sent whole", "err", err)
	}
}

// snapshotPattern names the temporary files of snapshot; serve removes
// those a killed process left beside the database.
const snapshotPattern = ".involve-snapshot-*.db"

// removeStaleSnapshots removes what snapshot left in dir when the process
// died while a backup was being sent.
func removeStaleSnapshots(dir string) {
	stale, _ := filepath.Glob(filepath.Join(dir, snapshotPattern))
	for _, f := range stale {
		os.Remove(f)
	}
}

// snapshot writes a consistent copy of db to a new temporary file in dir
// and returns it open at its start, with its length and hex SHA-256.
func snapshot(db *storage.DB, dir string) (*os.File, int64, string, error) {
	f, err := os.CreateTemp(dir, snapshotPattern)
	if err != nil {
		return nil, 0, "", fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := db.Backup(io.MultiWriter(f, h))
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, "", fmt.Errorf("backup: %w", err)
	}
	return f, n, hex.EncodeToString(h.Sum(nil)), nil
}

// cmdBackup writes a consistent copy of the database to -o FILE or stdout:
// from the file when no server holds it, or from a running server's admin
// route. Nothing is written unless the copy is whole: its length and
// checksum match what the server sent, and it opens and checks clean.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	dbPath := fs.String("db", "", "the database file (the server must not be running on it)")
	url := fs.String("url", "", "a running server's base URL, e.g. http://127.0.0.1:3000")
	token := fs.String("token", os.Getenv("INVOLVE_ADMIN_TOKEN"), "the admin token (default $INVOLVE_ADMIN_TOKEN)")
	out := fs.String("o", "", "write the backup to this file (default: standard output)")
	configPath := fs.String("config", "", "back up the store this configuration names (bbolt: its file; etcd: a snapshot)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *configPath != "" {
		if *dbPath != "" || *url != "" {
			return fmt.Errorf("%w: backup: give one of -config FILE, -db FILE or -url URL", errUsage)
		}
		cfg, err := LoadConfig(*configPath, os.Getenv)
		if err != nil {
			return err
		}
		if cfg.Storage.UsesEtcd() {
			return backupEtcd(ctx, cfg, *out, stdout)
		}
		*dbPath = cfg.Storage.Path
	}
	dir := os.TempDir()
	if *out != "" {
		dir = filepath.Dir(*out)
	}
	var (
		tmp *os.File
		err error
	)
	switch {
	case *dbPath != "" && *url == "":
		db, oerr := openExisting(*dbPath)
		if oerr != nil {
			return oerr
		}
		tmp, _, _, err = snapshot(db, dir)
		db.Close()
	case *url != "" && *dbPath == "":
		tmp, err = fetchBackup(ctx, strings.TrimRight(*url, "/")+"/admin/backup", *token, dir)
	default:
		return fmt.Errorf("%w: backup: give either -db FILE or -url URL", errUsage)
	}
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := checkBackup(tmp.Name()); err != nil {
		return err
	}
	if *out != "" {
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := os.Rename(tmp.Name(), *out); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(stdout, tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// fetchBackup downloads a hot backup into a temporary file in dir and
// checks its length and checksum against the server's headers.
func fetchBackup(ctx context.Context, url, token, dir string) (*os.File, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, fmt.Errorf("backup: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	want := resp.Header.Get(headerSHA256)
	if want == "" || resp.ContentLength < 0 {
		return nil, errors.New("backup: the server sent no length or checksum (is it an older involvebot?)")
	}
	f, err := os.CreateTemp(dir, ".involve-backup-*.part")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), resp.Body)
	switch {
	case err != nil:
		err = fmt.Errorf("backup: received %d of %d bytes: %w", n, resp.ContentLength, err)
	case n != resp.ContentLength:
		err = fmt.Errorf("backup: received %d bytes, the server announced %d", n, resp.ContentLength)
	case hex.EncodeToString(h.Sum(nil)) != want:
		err = fmt.Errorf("backup: checksum mismatch: received %s, the server sent %s", hex.EncodeToString(h.Sum(nil)), want)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// checkBackup opens a received copy and checks its consistency. bbolt
// may panic on a damaged page; that is a failed check too.
func checkBackup(path string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("backup: the copy is damaged: %v", p)
		}
	}()
	db, err := storage.Open(path, &storage.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("backup: the copy does not open: %w", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return fmt.Errorf("backup: the copy does not check clean: %w", err)
	}
	return nil
}
