package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/oslo-involve/involve/etcdstore"
)

// backupEtcd writes a verified etcd snapshot (of the member the client
// reaches first) to out, or to stdout when out is empty. Restore it with
// `etcdutl snapshot restore` (docs/etcd.md).
func backupEtcd(ctx context.Context, cfg *Config, out string, stdout io.Writer) error {
	s, err := openEtcd(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	dir := os.TempDir()
	if out != "" {
		dir = filepath.Dir(out)
	}
	tmp, err := os.CreateTemp(dir, ".involve-etcd-snapshot-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := s.Snapshot(ctx, tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := etcdstore.CheckSnapshot(tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if out != "" {
		if err := os.Rename(tmp.Name(), out); err != nil {
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
