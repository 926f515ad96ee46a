package etcdstore_test

import (
	"os"
	"testing"
)

var tmp string

func sharedDir() string { return tmp }

func TestMain(m *testing.M) {
	var err error
	tmp, err = os.MkdirTemp("", "etcdstore-test-")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.RemoveAll(tmp)
	os.Exit(code)
}
