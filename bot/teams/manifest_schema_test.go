package teams

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The app package is checked against the manifest schema Microsoft
// publishes (microsoft/json-schemas, teams/v1.30), copied into
// testdata/manifest-schema with its source in testdata/manifest-schema/SOURCES.md.
const (
	manifestSchemaURL     = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json"
	localizationSchemaURL = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json"
)

// compileSchema reads one of the copied schemas under the address the
// manifest names in $schema; nothing is fetched.
func compileSchema(t *testing.T, url, file string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "manifest-schema", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	c := jsonschema.NewCompiler()
	// Microsoft's schema uses ECMAScript patterns with lookahead, which
	// Go's regexp lacks.
	c.UseRegexpEngine(ecmaRegexp)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", file, err)
	}
	return s
}

// TestPackageMatchesManifestSchema validates the manifest and both
// localization files of the built package against Microsoft's schemas,
// and checks that what the coach relies on is there: the RSC permission
// that lets it read channel messages without an @mention, with the
// webApplicationInfo it needs.
func TestPackageMatchesManifestSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := BuildPackage(&buf, testAppID, PackageOptions{Version: "2.0.1"}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	manifest := compileSchema(t, manifestSchemaURL, "MicrosoftTeams.schema.json")
	localization := compileSchema(t, localizationSchemaURL, "MicrosoftTeams.Localization.schema.json")
	checked := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		s, want := localization, localizationSchemaURL
		if f.Name == "manifest.json" {
			s, want = manifest, manifestSchemaURL
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s does not match the v1.30 schema:\n%v", f.Name, err)
		}
		var head struct {
			Schema string `json:"$schema"`
		}
		if json.Unmarshal(data, &head) != nil || head.Schema != want {
			t.Errorf("%s names $schema %q, want %q", f.Name, head.Schema, want)
		}
		checked++
	}
	if checked != 3 {
		t.Fatalf("checked %d JSON files of the package, want 3", checked)
	}

	m, err := Manifest(testAppID, "2.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ManifestVersion    string `json:"manifestVersion"`
		WebApplicationInfo struct {
			ID       string `json:"id"`
			Resource string `json:"resource"`
		} `json:"webApplicationInfo"`
		Authorization struct {
			Permissions struct {
				ResourceSpecific []struct{ Name, Type string } `json:"resourceSpecific"`
			} `json:"permissions"`
		} `json:"authorization"`
	}
	if err := json.Unmarshal(m, &got); err != nil {
		t.Fatal(err)
	}
	if got.ManifestVersion != "1.30" {
		t.Errorf("manifestVersion %q, want 1.30", got.ManifestVersion)
	}
	if got.WebApplicationInfo.ID != testAppID {
		t.Errorf("webApplicationInfo.id %q, want the app id %q", got.WebApplicationInfo.ID, testAppID)
	}
	rsc := false
	for _, p := range got.Authorization.Permissions.ResourceSpecific {
		rsc = rsc || (p.Name == "ChannelMessage.Read.Group" && p.Type == "Application")
	}
	if !rsc {
		t.Error("the manifest lacks the RSC permission ChannelMessage.Read.Group (Application)")
	}
}

// TestManifestSchemaCatchesMistakes shows the schema check has teeth: a
// manifest with a field the schema does not know, or without a required
// one, is refused.
func TestManifestSchemaCatchesMistakes(t *testing.T) {
	s := compileSchema(t, manifestSchemaURL, "MicrosoftTeams.schema.json")
	m, err := Manifest(testAppID, "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(map[string]any){
		"unknown field":  func(v map[string]any) { v["botz"] = []any{} },
		"no developer":   func(v map[string]any) { delete(v, "developer") },
		"id not a GUID":  func(v map[string]any) { v["id"] = "involve" },
		"short too long": func(v map[string]any) { v["name"].(map[string]any)["short"] = strings.Repeat("x", 31) },
		"unknown scope":  func(v map[string]any) { v["bots"].([]any)[0].(map[string]any)["scopes"] = []any{"channel"} },
	} {
		var v map[string]any
		if err := json.Unmarshal(m, &v); err != nil {
			t.Fatal(err)
		}
		spoil(v)
		b, _ := json.Marshal(v)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(inst) == nil {
			t.Errorf("%s: the schema accepted a spoilt manifest", name)
		}
	}
}

// ecmaPattern is a schema pattern compiled as ECMAScript, as JSON Schema
// says patterns are.
type ecmaPattern struct{ re *regexp2.Regexp }

func (p ecmaPattern) MatchString(s string) bool {
	ok, err := p.re.MatchString(s)
	return err == nil && ok
}

func (p ecmaPattern) String() string { return p.re.String() }

func ecmaRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecmaPattern{re}, nil
}
