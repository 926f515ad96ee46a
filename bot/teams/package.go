package teams

import (
	"archive/zip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

//go:generate go test -run TestIcons -update-icons .

// appFiles is the Teams app package template: the manifest with
// placeholders, its English localization and the two icons. teams/ at the
// module root holds a copy for people who build the package by hand
// (TestManifestCopy keeps them equal).
//
//go:embed appmanifest/manifest.json appmanifest/en-us.json appmanifest/nn-no.json appmanifest/color.png appmanifest/outline.png
var appFiles embed.FS

// PackageOptions are the optional parts of an app package.
type PackageOptions struct {
	// Version is the app version, "1.0.0" when empty. Teams only takes an
	// update of an uploaded app whose version is higher.
	Version string
}

var (
	guidRE    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	versionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
)

// BuildPackage writes the Teams app package to upload (a zip of
// manifest.json, en-us.json, nn-no.json, color.png and outline.png) with the bot's app
// id filled in.
func BuildPackage(w io.Writer, appID string, o PackageOptions) error {
	if !guidRE.MatchString(appID) {
		return fmt.Errorf("teams package: app id %q is not a GUID (teams.app_id / MICROSOFT_APP_ID)", appID)
	}
	version := o.Version
	if version == "" {
		version = "1.0.0"
	}
	if !versionRE.MatchString(version) {
		return fmt.Errorf("teams package: version %q is not of the form 1.2.3", version)
	}
	manifest, err := Manifest(appID, version)
	if err != nil {
		return err
	}

	zw := zip.NewWriter(w)
	// A fixed time makes the package reproducible.
	modified := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	if err := add("manifest.json", manifest); err != nil {
		return fmt.Errorf("teams package: %w", err)
	}
	for _, name := range []string{"en-us.json", "nn-no.json", "color.png", "outline.png"} {
		data, err := appFiles.ReadFile("appmanifest/" + name)
		if err != nil {
			return fmt.Errorf("teams package: %w", err)
		}
		if err := add(name, data); err != nil {
			return fmt.Errorf("teams package: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("teams package: %w", err)
	}
	return nil
}

// Manifest returns the app manifest with the app id and version filled in.
func Manifest(appID, version string) ([]byte, error) {
	tmpl, err := appFiles.ReadFile("appmanifest/manifest.json")
	if err != nil {
		return nil, fmt.Errorf("teams package: %w", err)
	}
	out := strings.NewReplacer("{{APP_ID}}", strings.ToLower(appID), "{{VERSION}}", version).Replace(string(tmpl))
	if strings.Contains(out, "{{") {
		return nil, fmt.Errorf("teams package: manifest template has an unfilled placeholder")
	}
	var check map[string]any
	if err := json.Unmarshal([]byte(out), &check); err != nil {
		return nil, fmt.Errorf("teams package: manifest: %w", err)
	}
	return []byte(out), nil
}
