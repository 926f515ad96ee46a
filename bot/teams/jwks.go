package teams

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"time"
)

// signingKey is one parsed key of the Bot Framework's key set.
type signingKey struct {
	pub          *rsa.PublicKey
	endorsements []string
}

// errRefreshLimited says a key set fetch was skipped because one happened
// too recently.
var errRefreshLimited = errors.New("key set fetched recently; not fetching again yet")

// key returns the signing key with the given id. Keeping the key set
// fresh is Run's work, in the background; on the request path the set is
// fetched only when it is not cached yet or lacks the id, at most once per
// MinRefresh (see refresh).
func (v *Validator) key(ctx context.Context, kid string) (signingKey, error) {
	v.mu.RLock()
	k, ok := v.keys[kid]
	v.mu.RUnlock()
	if ok {
		return k, nil
	}

	err := v.refresh(ctx)
	v.mu.RLock()
	k, ok = v.keys[kid]
	v.mu.RUnlock()
	if ok {
		return k, nil
	}
	if err != nil && !errors.Is(err, errRefreshLimited) {
		return signingKey{}, fmt.Errorf("key %q: %w", kid, err)
	}
	return signingKey{}, fmt.Errorf("unknown key id %q", kid)
}

// refresh fetches the metadata and key set, one caller at a time and at most
// once per MinRefresh (every five seconds while no key is known at all).
func (v *Validator) refresh(ctx context.Context) error {
	v.refreshMu.Lock()
	defer v.refreshMu.Unlock()

	now := v.Now()
	v.mu.RLock()
	have := len(v.keys)
	v.mu.RUnlock()
	limit := v.MinRefresh
	if have == 0 {
		limit = min(limit, 5*time.Second)
	}
	if !v.lastTry.IsZero() && now.Sub(v.lastTry) < limit {
		return errRefreshLimited
	}
	if err := v.load(ctx, now); err != nil {
		v.Log.Warn("teams: fetching the Bot Framework signing keys failed", "err", err)
		return err
	}
	return nil
}

// Load fetches the OpenID metadata and the key set now, whatever is cached:
// a start-up check that the metadata URL works, which also spares the first
// activity the wait.
func (v *Validator) Load(ctx context.Context) error {
	v.refreshMu.Lock()
	defer v.refreshMu.Unlock()
	return v.load(ctx, v.Now())
}

// load fetches and caches the key set; the caller holds refreshMu.
func (v *Validator) load(ctx context.Context, now time.Time) error {
	v.lastTry = now
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	keys, err := v.fetchKeys(ctx)
	if err != nil {
		return err
	}
	v.mu.Lock()
	v.keys = keys
	v.fetched = now
	v.mu.Unlock()
	return nil
}

// fetchKeys reads the OpenID metadata document and the key set it points to.
func (v *Validator) fetchKeys(ctx context.Context) (map[string]signingKey, error) {
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := getJSON(ctx, v.client, v.metadataURL, &meta); err != nil {
		return nil, fmt.Errorf("openid metadata: %w", err)
	}
	if meta.JWKSURI == "" {
		return nil, errors.New("openid metadata: no jwks_uri")
	}
	var set jwkSet
	if err := getJSON(ctx, v.client, meta.JWKSURI, &set); err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	keys := parseKeySet(set)
	if len(keys) == 0 {
		return nil, errors.New("key set: no usable RSA keys")
	}
	return keys, nil
}

// jwkSet is a JSON Web Key Set as the Bot Framework publishes it.
type jwkSet struct {
	Keys []jwk `json:"keys"`
}

// jwk is one key; Endorsements is the Bot Framework's extension naming the
// channels the key may sign for.
type jwk struct {
	Kty          string   `json:"kty"`
	Use          string   `json:"use"`
	Kid          string   `json:"kid"`
	N            string   `json:"n"`
	E            string   `json:"e"`
	X5c          []string `json:"x5c"`
	Endorsements []string `json:"endorsements"`
}

// parseKeySet keeps the usable RSA signing keys of a set, by key id.
func parseKeySet(set jwkSet) map[string]signingKey {
	keys := make(map[string]signingKey, len(set.Keys))
	for _, k := range set.Keys {
		if k.Kid == "" || k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		pub, err := k.rsaKey()
		if err != nil {
			continue
		}
		keys[k.Kid] = signingKey{pub: pub, endorsements: k.Endorsements}
	}
	return keys
}

// rsaKey returns the key's public key from n and e, or from its first
// certificate.
func (k jwk) rsaKey() (*rsa.PublicKey, error) {
	var pub *rsa.PublicKey
	if k.N != "" && k.E != "" {
		n, err := decodeB64URL(k.N)
		if err != nil {
			return nil, err
		}
		e, err := decodeB64URL(k.E)
		if err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 {
			return nil, errors.New("bad exponent")
		}
		pub = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	} else if len(k.X5c) > 0 {
		der, err := base64.StdEncoding.DecodeString(k.X5c[0])
		if err != nil {
			return nil, err
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, err
		}
		p, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok {
			return nil, errors.New("certificate key is not RSA")
		}
		pub = p
	} else {
		return nil, errors.New("no key material")
	}
	if pub.N.BitLen() < 2048 || pub.E < 3 {
		return nil, errors.New("weak key")
	}
	return pub, nil
}

func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// getJSON fetches url and decodes its JSON body, reading at most 1 MiB.
func getJSON(ctx context.Context, client *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.Unmarshal(body, v)
}
