package bot

import (
	"crypto/rand"
	"encoding/hex"
)

// NewNonce returns a random outbox nonce: 64 bits as 16 hex digits. A store
// gives one to every item it adds, beside the sequence id. The sequence
// starts again from where a restored backup left it, so an id alone can
// name an older, different post on the platform; an id with its nonce
// names one item only.
func NewNonce() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
