package teams

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBuildPackage(t *testing.T) {
	var buf bytes.Buffer
	if err := BuildPackage(&buf, strings.ToUpper(testAppID), PackageOptions{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	if strings.Join(names, " ") != "color.png en-us.json manifest.json nn-no.json outline.png" {
		t.Fatalf("package holds %v; Teams wants the files at the root", names)
	}

	var m struct {
		ManifestVersion string `json:"manifestVersion"`
		Version         string `json:"version"`
		ID              string `json:"id"`
		Name            struct{ Short, Full string }
		Description     struct{ Short, Full string }
		Icons           struct{ Color, Outline string }
		Bots            []struct {
			BotID        string   `json:"botId"`
			Scopes       []string `json:"scopes"`
			CommandLists []struct {
				Scopes   []string `json:"scopes"`
				Commands []struct{ Title, Description string }
			} `json:"commandLists"`
		} `json:"bots"`
		WebApplicationInfo struct{ ID, Resource string } `json:"webApplicationInfo"`
		Authorization      struct {
			Permissions struct {
				ResourceSpecific []struct{ Name, Type string } `json:"resourceSpecific"`
			} `json:"permissions"`
		} `json:"authorization"`
		Localization struct {
			AdditionalLanguages []struct {
				LanguageTag string `json:"languageTag"`
				File        string `json:"file"`
			} `json:"additionalLanguages"`
		} `json:"localizationInfo"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != testAppID || len(m.Bots) != 1 || m.Bots[0].BotID != testAppID || m.WebApplicationInfo.ID != testAppID {
		t.Errorf("app id not filled in everywhere: id %q bots %+v web %q", m.ID, m.Bots, m.WebApplicationInfo.ID)
	}
	if m.Version != "1.2.3" || m.ManifestVersion != "1.30" {
		t.Errorf("version %q manifest %q", m.Version, m.ManifestVersion)
	}
	if strings.Contains(string(files["manifest.json"]), "{{") {
		t.Error("placeholder left in the manifest")
	}
	rsc := m.Authorization.Permissions.ResourceSpecific
	if len(rsc) != 1 || rsc[0].Name != "ChannelMessage.Read.Group" || rsc[0].Type != "Application" {
		t.Errorf("RSC permissions %+v; thread replies without @mention need ChannelMessage.Read.Group", rsc)
	}
	if !slices.Contains(m.Bots[0].Scopes, "team") {
		t.Error("bot not installable in teams")
	}
	if m.Icons.Color != "color.png" || m.Icons.Outline != "outline.png" {
		t.Errorf("icons %+v", m.Icons)
	}
	if len(m.Localization.AdditionalLanguages) != 2 {
		t.Errorf("localization %+v, want nn-no and en-us", m.Localization)
	}
	for _, l := range m.Localization.AdditionalLanguages {
		if files[l.File] == nil {
			t.Errorf("localization %+v: no %s in the package", m.Localization, l.File)
		}
	}

	// The limits Teams' validator enforces.
	runes := utf8.RuneCountInString
	if runes(m.Name.Short) > 30 || runes(m.Name.Full) > 100 || runes(m.Description.Short) > 80 || runes(m.Description.Full) > 4000 {
		t.Errorf("name or description too long: %+v %+v", m.Name, m.Description)
	}
	for _, cl := range m.Bots[0].CommandLists {
		if len(cl.Commands) > 10 {
			t.Errorf("%d commands in a list; Teams allows 10", len(cl.Commands))
		}
		for _, c := range cl.Commands {
			if runes(c.Title) > 32 || runes(c.Description) > 128 {
				t.Errorf("command %+v too long", c)
			}
		}
	}
	var en map[string]string
	if err := json.Unmarshal(files["en-us.json"], &en); err != nil {
		t.Fatal(err)
	}
	if runes(en["description.short"]) > 80 || runes(en["name.short"]) > 30 {
		t.Errorf("English texts too long: %v", en)
	}
}

func TestBuildPackageRefusesBadInput(t *testing.T) {
	for _, id := range []string{"", "28:" + testAppID, "not-a-guid"} {
		if err := BuildPackage(io.Discard, id, PackageOptions{}); err == nil {
			t.Errorf("app id %q accepted", id)
		}
	}
	if err := BuildPackage(io.Discard, testAppID, PackageOptions{Version: "v1"}); err == nil {
		t.Error("version v1 accepted")
	}
}

// teams/ at the module root holds a copy of the template for people who
// build the package by hand; it must not drift.
func TestManifestCopy(t *testing.T) {
	for _, name := range []string{"manifest.json", "en-us.json", "nn-no.json", "color.png", "outline.png"} {
		want, err := appFiles.ReadFile("appmanifest/" + name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "teams", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("teams/%s differs from bot/teams/appmanifest/%s; copy it over", name, name)
		}
	}
}
