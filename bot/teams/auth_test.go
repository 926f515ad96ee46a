package teams

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/infracloudio/msbotbuilder-go/connector/auth"
	"github.com/infracloudio/msbotbuilder-go/schema"
)

func newTestValidator(t testing.TB, f *fakeBotFramework) *Validator {
	t.Helper()
	v, err := NewValidator(testAppID, f.metadataURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// unsigned builds a token by hand, for algorithms the jwt package will not
// sign with.
func unsigned(header, claims map[string]any, sig string) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + sig
}

func TestValidatorAccepts(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	ctx := context.Background()

	id, err := v.Validate(ctx, "Bearer "+f.token())
	if err != nil {
		t.Fatal(err)
	}
	if id.ServiceURL != f.serviceURL() {
		t.Errorf("service url %q", id.ServiceURL)
	}
	if err := id.Check(f.serviceURL(), "msteams"); err != nil {
		t.Errorf("check: %v", err)
	}
	// The Bot Framework writes the service URL with or without the slash.
	if err := id.Check(strings.TrimSuffix(f.serviceURL(), "/"), "msteams"); err != nil {
		t.Errorf("check without slash: %v", err)
	}

	// aud as a list, RS384 and RS512, expiry within the leeway.
	c := f.claims(f.serviceURL())
	c["aud"] = []any{"someone-else", testAppID}
	c["exp"] = time.Now().Add(-2 * time.Minute).Unix()
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodRS384, jwt.SigningMethodRS512} {
		tok := jwt.NewWithClaims(m, c)
		tok.Header["kid"] = f.kid()
		s, err := tok.SignedString(testKey())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Validate(ctx, "Bearer "+s); err != nil {
			t.Errorf("%s: %v", m.Alg(), err)
		}
	}
	if n := f.metaHits.Load(); n != 1 {
		t.Errorf("metadata fetched %d times, want 1 (cached)", n)
	}
	if n := f.keyHits.Load(); n != 1 {
		t.Errorf("key set fetched %d times, want 1 (cached)", n)
	}
}

func TestValidatorRefuses(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	su := f.serviceURL()
	now := time.Now()

	with := func(mod func(jwt.MapClaims)) string {
		c := f.claims(su)
		mod(c)
		return "Bearer " + f.sign(c, testKey(), f.kid())
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&testKey().PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, f.claims(su))
	hs.Header["kid"] = f.kid()
	hsToken, err := hs.SignedString(pubDER) // the old key-confusion trick
	if err != nil {
		t.Fatal(err)
	}
	valid := f.token()
	parts := strings.Split(valid, ".")

	tests := []struct{ name, header, why string }{
		{"no header", "", "no bearer token"},
		{"not bearer", "Basic " + base64.StdEncoding.EncodeToString([]byte("a:b")), "no bearer token"},
		{"bearer without token", "Bearer ", "no bearer token"},
		{"garbage", "Bearer not-a-jwt", "segments"},
		{"two parts", "Bearer " + parts[0] + "." + parts[1], "segments"},
		{"bad signature", "Bearer " + f.sign(f.claims(su), otherKey(), f.kid()), "verification error"},
		{"tampered claims", "Bearer " + parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://api.botframework.com","aud":"`+testAppID+`","exp":9999999999,"serviceurl":"https://evil.example/"}`)) + "." + parts[2], "verification error"},
		{"wrong issuer", with(func(c jwt.MapClaims) { c["iss"] = "https://sts.windows.net/" + testTenant + "/" }), "issuer"},
		{"issuer of wrong type", with(func(c jwt.MapClaims) { c["iss"] = []string{Issuer} }), "issuer"},
		{"wrong audience", with(func(c jwt.MapClaims) { c["aud"] = "00000000-0000-0000-0000-000000000000" }), "audience"},
		{"audience of wrong type", with(func(c jwt.MapClaims) { c["aud"] = 42 }), "audience"},
		{"expired", with(func(c jwt.MapClaims) { c["exp"] = now.Add(-10 * time.Minute).Unix() }), "expired"},
		{"not yet valid", with(func(c jwt.MapClaims) { c["nbf"] = now.Add(10 * time.Minute).Unix() }), "not valid before"},
		{"nbf of wrong type", with(func(c jwt.MapClaims) { c["nbf"] = "soon" }), "nbf"},
		{"no expiry", with(func(c jwt.MapClaims) { delete(c, "exp") }), "no expiry"},
		{"expiry of wrong type", with(func(c jwt.MapClaims) { c["exp"] = "tomorrow" }), "no expiry"},
		{"expiry absurd", with(func(c jwt.MapClaims) { c["exp"] = 1e300 }), "no expiry"},
		{"no serviceurl", with(func(c jwt.MapClaims) { delete(c, "serviceurl") }), "serviceurl"},
		{"serviceurl of wrong type", with(func(c jwt.MapClaims) { c["serviceurl"] = map[string]any{"u": su} }), "serviceurl"},
		{"no claims at all", "Bearer " + f.sign(jwt.MapClaims{}, testKey(), f.kid()), "issuer"},
		{"unknown key id", "Bearer " + f.sign(f.claims(su), testKey(), "no-such-key"), "unknown key id"},
		{"no key id", "Bearer " + unsigned(map[string]any{"alg": "RS256", "typ": "JWT"}, f.claims(su), parts[2]), "no key id"},
		{"key id of wrong type", "Bearer " + unsigned(map[string]any{"alg": "RS256", "kid": 7}, f.claims(su), parts[2]), "no key id"},
		{"alg none", "Bearer " + unsigned(map[string]any{"alg": "none", "typ": "JWT", "kid": f.kid()}, f.claims(su), ""), "signing method none"},
		{"alg HS256", "Bearer " + hsToken, "signing method HS256"},
		{"alg unknown", "Bearer " + unsigned(map[string]any{"alg": "XX999", "kid": f.kid()}, f.claims(su), parts[2]), "unavailable"},
		{"claims not an object", "Bearer " + parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`[1,2]`)) + "." + parts[2], "unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Validate(context.Background(), tt.header)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), tt.why) {
				t.Errorf("error %q: want ErrUnauthorized saying %q", err, tt.why)
			}
			if strings.Contains(err.Error(), strings.TrimPrefix(tt.header, "Bearer ")) && len(tt.header) > 20 {
				t.Errorf("error repeats the token: %v", err)
			}
		})
	}

	t.Run("serviceurl mismatch", func(t *testing.T) {
		id, err := v.Validate(context.Background(), "Bearer "+f.token())
		if err != nil {
			t.Fatal(err)
		}
		if err := id.Check("https://evil.example/emea/", "msteams"); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("Check accepted another service url: %v", err)
		}
		if err := id.Check("", "msteams"); err == nil {
			t.Error("Check accepted an empty service url")
		}
	})
	t.Run("key not endorsed for the channel", func(t *testing.T) {
		id, err := v.Validate(context.Background(), "Bearer "+f.token())
		if err != nil {
			t.Fatal(err)
		}
		if err := id.Check(su, "slack"); err == nil {
			t.Error("Check accepted a channel the key is not endorsed for")
		}
	})
}

func TestValidatorRefreshesOnUnknownKeyAtMostOncePerMinute(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	clock := time.Now()
	var mu sync.Mutex
	v.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	ctx := context.Background()

	if _, err := v.Validate(ctx, "Bearer "+f.token()); err != nil {
		t.Fatal(err)
	}
	// Tokens with unknown key ids: one refresh (once the first fetch is a
	// minute old), then none within a minute.
	advance(61 * time.Second)
	for range 20 {
		if _, err := v.Validate(ctx, "Bearer "+f.sign(f.claims(f.serviceURL()), testKey(), "rotated")); err == nil {
			t.Fatal("unknown key accepted")
		}
	}
	if n := f.keyHits.Load(); n != 2 {
		t.Fatalf("key set fetched %d times, want 2 (first use, one refresh)", n)
	}

	// The Bot Framework rotates its keys: after a minute the new id is
	// fetched and accepted.
	f.rotate("rotated")
	advance(61 * time.Second)
	if _, err := v.Validate(ctx, "Bearer "+f.token()); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	if n := f.keyHits.Load(); n != 3 {
		t.Errorf("key set fetched %d times, want 3", n)
	}
	// Known keys are not fetched again until the set ages.
	for range 10 {
		if _, err := v.Validate(ctx, "Bearer "+f.token()); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.keyHits.Load(); n != 3 {
		t.Errorf("key set fetched %d times, want still 3", n)
	}
	// Nor when the set is old: keeping it fresh is Run's work, in the
	// background, never a request's.
	advance(25 * time.Hour)
	c := f.claims(f.serviceURL())
	c["exp"] = v.Now().Add(time.Hour).Unix()
	if _, err := v.Validate(ctx, "Bearer "+f.sign(c, testKey(), f.kid())); err != nil {
		t.Fatal(err)
	}
	if n := f.keyHits.Load(); n != 3 {
		t.Errorf("key set fetched %d times on the request path after a day, want still 3", n)
	}
}

func TestValidatorKeepsKeysWhenMetadataIsDown(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	clock := time.Now()
	v.Now = func() time.Time { return clock }
	if _, err := v.Validate(context.Background(), "Bearer "+f.token()); err != nil {
		t.Fatal(err)
	}
	f.openid.Close()
	clock = clock.Add(25 * time.Hour)
	c := f.claims(f.serviceURL())
	c["exp"] = clock.Add(time.Hour).Unix()
	if _, err := v.Validate(context.Background(), "Bearer "+f.sign(c, testKey(), f.kid())); err != nil {
		t.Errorf("stale but known key refused while metadata is down: %v", err)
	}
}

func TestValidatorConcurrent(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	good := "Bearer " + f.token()
	bad := "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid())
	unknown := "Bearer " + f.sign(f.claims(f.serviceURL()), testKey(), "unknown")
	var wg sync.WaitGroup
	errs := make(chan error, 150)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 3 {
				h := []string{good, bad, unknown}[(i+j)%3]
				_, err := v.Validate(context.Background(), h)
				if (err == nil) != (h == good) {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("wrong verdict: %v", err)
	}
	if n := f.metaHits.Load(); n > 2 {
		t.Errorf("metadata fetched %d times by 50 goroutines", n)
	}
}

func TestNewValidatorNeedsAppID(t *testing.T) {
	if _, err := NewValidator(" ", "", nil); err == nil || !strings.Contains(err.Error(), "MICROSOFT_APP_ID") {
		t.Errorf("NewValidator with no app id: %v", err)
	}
}

// A token that passed is remembered, but never past its expiry.
func TestValidatorRemembersTokensUntilExpiry(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	clock := time.Now()
	v.Now = func() time.Time { return clock }
	c := f.claims(f.serviceURL())
	c["exp"] = clock.Add(time.Minute).Unix()
	tok := "Bearer " + f.sign(c, testKey(), f.kid())
	for range 3 {
		if _, err := v.Validate(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(time.Minute + v.Leeway + time.Second)
	if _, err := v.Validate(context.Background(), tok); err == nil {
		t.Error("an expired token was accepted from memory")
	}
	// A refused token is not remembered as refused either: the same bytes
	// are checked again (and refused again).
	bad := "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid())
	for range 2 {
		if _, err := v.Validate(context.Background(), bad); err == nil {
			t.Error("bad signature accepted")
		}
	}
}

// The Validator as msbotbuilder-go's auth.TokenValidator: the whole check,
// serviceurl included, and no panic for a claim the token lacks.
func TestValidatorAsTokenValidator(t *testing.T) {
	f := newFakeBotFramework(t)
	var tv auth.TokenValidator = newTestValidator(t, f)
	ctx := context.Background()
	act := schema.Activity{Type: schema.Message, ServiceURL: f.serviceURL(), ChannelID: "msteams"}
	creds := auth.SimpleCredentialProvider{AppID: testAppID}

	id, err := tv.AuthenticateRequest(ctx, act, "Bearer "+f.token(), creds, "")
	if err != nil {
		t.Fatal(err)
	}
	if !id.IsAuthenticated() || id.GetClaimValue("serviceurl") != f.serviceURL() ||
		id.GetClaimValue("iss") != Issuer || id.GetClaimValue("aud") != testAppID {
		t.Errorf("identity: serviceurl %q iss %q aud %q", id.GetClaimValue("serviceurl"), id.GetClaimValue("iss"), id.GetClaimValue("aud"))
	}
	if got := id.GetClaimValue("appid"); got != "" {
		t.Errorf("a claim the token lacks: %q", got)
	}
	if got := id.GetClaimValue("exp"); got != "" {
		t.Errorf("a claim that is no string: %q", got)
	}

	for _, tt := range []struct {
		name  string
		act   schema.Activity
		auth  string
		creds auth.CredentialProvider
	}{
		{"no header", act, "", creds},
		// The library's own validator lets everything through for an
		// empty app id; this one never does.
		{"no header, authentication 'disabled'", act, "", auth.SimpleCredentialProvider{}},
		{"another app's credentials", act, "Bearer " + f.token(), auth.SimpleCredentialProvider{AppID: "someone-else"}},
		{"serviceurl mismatch", schema.Activity{ServiceURL: "https://evil.example/", ChannelID: "msteams"}, "Bearer " + f.token(), creds},
		{"no service url", schema.Activity{ChannelID: "msteams"}, "Bearer " + f.token(), creds},
		{"channel not endorsed", schema.Activity{ServiceURL: f.serviceURL(), ChannelID: "slack"}, "Bearer " + f.token(), creds},
		{"bad signature", act, "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid()), creds},
		{"claims missing", act, "Bearer " + f.sign(jwt.MapClaims{"serviceurl": f.serviceURL()}, testKey(), f.kid()), creds},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, err := tv.AuthenticateRequest(ctx, tt.act, tt.auth, tt.creds, "")
			if !errors.Is(err, ErrUnauthorized) || id != nil {
				t.Errorf("identity %v, error %v; want nil and ErrUnauthorized", id, err)
			}
		})
	}
	// Credentials are optional: the validator knows its app id.
	if _, err := tv.AuthenticateRequest(ctx, act, "Bearer "+f.token(), nil, ""); err != nil {
		t.Errorf("without credentials: %v", err)
	}
}
