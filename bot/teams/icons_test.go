package teams

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The app icons are drawn here, so that they are made from source rather
// than downloaded. `go test ./bot/teams -run TestIcons -update-icons`
// rewrites appmanifest/*.png and the copies in teams/ at the module root.
var updateIcons = flag.Bool("update-icons", false, "rewrite the app icons from the drawing code")

var (
	iconBlue  = color.NRGBA{0x2A, 0x28, 0x59, 0xFF} // the manifest's accentColor
	iconLight = color.NRGBA{0x6F, 0xE9, 0xFF, 0xFF}
	iconWhite = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// bubble is a speech bubble in unit coordinates (0..1): a rounded
// rectangle with a tail at its lower left.
type bubble struct{ x0, y0, x1, y1, r float64 }

func (b bubble) body(x, y float64) bool {
	if x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1 {
		return false
	}
	cx := min(max(x, b.x0+b.r), b.x1-b.r)
	cy := min(max(y, b.y0+b.r), b.y1-b.r)
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= b.r*b.r
}

func (b bubble) tail(x, y float64) bool {
	// A triangle hanging from the bottom edge.
	ax, ay := b.x0+0.16*(b.x1-b.x0), b.y1-0.01
	bx, by := b.x0+0.40*(b.x1-b.x0), b.y1-0.01
	cx, cy := b.x0+0.06*(b.x1-b.x0), b.y1+0.16
	return inTriangle(x, y, ax, ay, bx, by, cx, cy)
}

func (b bubble) in(x, y float64) bool { return b.body(x, y) || b.tail(x, y) }

func inTriangle(px, py, ax, ay, bx, by, cx, cy float64) bool {
	s := func(x1, y1, x2, y2, x3, y3 float64) float64 { return (x1-x3)*(y2-y3) - (x2-x3)*(y1-y3) }
	d1, d2, d3 := s(px, py, ax, ay, bx, by), s(px, py, bx, by, cx, cy), s(px, py, cx, cy, ax, ay)
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	return !(neg && pos)
}

func inCircle(x, y, cx, cy, r float64) bool {
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}

// coverage samples a shape 4×4 times per pixel (simple anti-aliasing).
func coverage(size, px, py int, in func(x, y float64) bool) float64 {
	const n = 4
	hits := 0
	for i := range n {
		for j := range n {
			x := (float64(px) + (float64(i)+0.5)/n) / float64(size)
			y := (float64(py) + (float64(j)+0.5)/n) / float64(size)
			if in(x, y) {
				hits++
			}
		}
	}
	return float64(hits) / (n * n)
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xFF}
}

var iconBubble = bubble{x0: 0.20, y0: 0.22, x1: 0.80, y1: 0.64, r: 0.10}

func dots(x, y float64, r float64) bool {
	cy := (iconBubble.y0 + iconBubble.y1) / 2
	for _, cx := range []float64{0.36, 0.50, 0.64} {
		if inCircle(x, y, cx, cy, r) {
			return true
		}
	}
	return false
}

// drawColorIcon is the 192×192 full-colour icon: a white speech bubble
// with three dots on the accent colour.
func drawColorIcon() *image.NRGBA {
	const size = 192
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			c := mix(iconBlue, iconWhite, coverage(size, x, y, iconBubble.in))
			c = mix(c, iconBlue, coverage(size, x, y, func(x, y float64) bool { return dots(x, y, 0.045) }))
			if cov := coverage(size, x, y, func(x, y float64) bool { return y > 0.80 && y < 0.83 && x > 0.30 && x < 0.70 }); cov > 0 {
				c = mix(c, iconLight, cov)
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// drawOutlineIcon is the 32×32 outline icon: the bubble's outline and dots
// in white on a transparent background, as Teams requires.
func drawOutlineIcon() *image.NRGBA {
	const size = 32
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	b := bubble{x0: 0.08, y0: 0.14, x1: 0.92, y1: 0.70, r: 0.14}
	stroke := 2.0 / size
	inner := bubble{x0: b.x0 + stroke, y0: b.y0 + stroke, x1: b.x1 - stroke, y1: b.y1 - stroke, r: b.r - stroke}
	shape := func(x, y float64) bool {
		if b.in(x, y) && !inner.body(x, y) && !shrunkTail(b, stroke, x, y) {
			return true
		}
		cy := (b.y0 + b.y1) / 2
		for _, cx := range []float64{0.31, 0.50, 0.69} {
			if inCircle(x, y, cx, cy, 0.07) {
				return true
			}
		}
		return false
	}
	for y := range size {
		for x := range size {
			if cov := coverage(size, x, y, shape); cov > 0 {
				img.SetNRGBA(x, y, color.NRGBA{0xFF, 0xFF, 0xFF, uint8(cov*255 + 0.5)})
			}
		}
	}
	return img
}

// shrunkTail is the tail's inside, for drawing the tail as an outline.
func shrunkTail(b bubble, stroke, x, y float64) bool {
	w := b.x1 - b.x0
	ax, ay := b.x0+0.16*w+stroke*1.5, b.y1-stroke
	bx, by := b.x0+0.40*w-stroke*2.5, b.y1-stroke
	cx, cy := b.x0+0.06*w+stroke*1.2, b.y1+0.16-stroke*2.5
	return inTriangle(x, y, ax, ay, bx, by, cx, cy)
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIcons(t *testing.T) {
	icons := map[string][]byte{
		"color.png":   encodePNG(t, drawColorIcon()),
		"outline.png": encodePNG(t, drawOutlineIcon()),
	}
	if *updateIcons {
		for name, data := range icons {
			for _, dir := range []string{"appmanifest", filepath.Join("..", "..", "teams")} {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for name, want := range icons {
		got, err := appFiles.ReadFile("appmanifest/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from the drawing code; run go test -run TestIcons -update-icons", name)
		}
	}

	col, err := png.Decode(bytes.NewReader(icons["color.png"]))
	if err != nil {
		t.Fatal(err)
	}
	if b := col.Bounds(); b.Dx() != 192 || b.Dy() != 192 {
		t.Errorf("color icon is %v, want 192×192", b)
	}
	out, err := png.Decode(bytes.NewReader(icons["outline.png"]))
	if err != nil {
		t.Fatal(err)
	}
	if b := out.Bounds(); b.Dx() != 32 || b.Dy() != 32 {
		t.Errorf("outline icon is %v, want 32×32", b)
	}
	// Teams wants the outline icon white on transparent: every pixel is
	// white at some opacity, corners are clear, and something is drawn.
	drawn := 0
	for y := range 32 {
		for x := range 32 {
			c := color.NRGBAModel.Convert(out.At(x, y)).(color.NRGBA)
			if c.A == 0 {
				continue
			}
			drawn++
			if c.R != 0xFF || c.G != 0xFF || c.B != 0xFF {
				t.Fatalf("outline pixel (%d,%d) = %v, want white", x, y, c)
			}
		}
	}
	if c := color.NRGBAModel.Convert(out.At(0, 0)).(color.NRGBA); c.A != 0 {
		t.Error("outline icon corner is not transparent")
	}
	if drawn < 60 || drawn > 600 {
		t.Errorf("outline icon has %d drawn pixels; expected an outline", drawn)
	}
}
