// This file keeps README.md honest: every ```go block in it must be, byte for
// byte, a region of a Go file under examples/ that CI compiles (and, for
// examples/warmer, runs), and every region must be shown in the README.

package readme

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	beginMarker = "// readme:begin "
	endMarker   = "// readme:end"
)

func TestREADMESnippets(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := goBlocks(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	regions, err := collectRegions("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 || len(regions) == 0 {
		t.Fatalf("found %d Go blocks in README.md and %d regions under examples/; the check would be empty", len(blocks), len(regions))
	}
	shown := map[string]bool{}
	for _, b := range blocks {
		name := ""
		for n, r := range regions {
			if r.text == b.text {
				name = n
			}
		}
		if name == "" {
			t.Errorf("README.md line %d: this Go block is not a region of any file under examples/ (mark one with %q and %q, or update it):\n%s%s",
				b.line, beginMarker+"NAME", endMarker, b.text, closestHint(b.text, regions))
			continue
		}
		shown[name] = true
	}
	for name, r := range regions {
		if !shown[name] {
			t.Errorf("region %q of %s is not shown in README.md", name, r.file)
		}
	}
}

// block is a fenced Go block of a Markdown file.
type block struct {
	line int // of the opening fence, from 1
	text string
}

// goBlocks returns the ```go (or ```golang) blocks of md, each with the
// indentation of its fence removed from every line, so blocks nested in
// list items compare equal to the code.
func goBlocks(md string) ([]block, error) {
	var out []block
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " \t")
		if !strings.HasPrefix(trimmed, "```") {
			continue
		}
		indent := lines[i][:len(lines[i])-len(trimmed)]
		info := strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))
		start := i
		var body []string
		closed := false
		for i++; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "```" {
				closed = true
				break
			}
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		if !closed {
			return nil, fmt.Errorf("line %d: fence never closed", start+1)
		}
		if info == "go" || info == "golang" {
			out = append(out, block{line: start + 1, text: strings.Join(body, "\n") + "\n"})
		}
	}
	return out, nil
}

// region is the text between a begin and an end marker.
type region struct {
	file string
	text string
}

// collectRegions reads every region of the Go files under root.
func collectRegions(root string) (map[string]region, error) {
	regions := map[string]region{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found, err := regionsOf(string(data))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for name, text := range found {
			if prev, dup := regions[name]; dup {
				return fmt.Errorf("region %q in both %s and %s", name, prev.file, path)
			}
			regions[name] = region{file: path, text: text}
		}
		return nil
	})
	return regions, err
}

// regionsOf returns the regions of one file, blank lines at either end
// dropped.
func regionsOf(src string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var body []string
	in := false
	for i, line := range strings.Split(src, "\n") {
		switch {
		case strings.HasPrefix(line, beginMarker):
			if in {
				return nil, fmt.Errorf("line %d: region %q begins inside region %q", i+1, strings.TrimPrefix(line, beginMarker), name)
			}
			name, body, in = strings.TrimSpace(strings.TrimPrefix(line, beginMarker)), nil, true
			if _, dup := out[name]; dup || name == "" {
				return nil, fmt.Errorf("line %d: region name %q empty or repeated", i+1, name)
			}
		case strings.TrimSpace(line) == endMarker:
			if !in {
				return nil, fmt.Errorf("line %d: %s outside a region", i+1, endMarker)
			}
			for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
				body = body[1:]
			}
			for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
				body = body[:len(body)-1]
			}
			out[name] = strings.Join(body, "\n") + "\n"
			in = false
		case in:
			body = append(body, line)
		}
	}
	if in {
		return nil, fmt.Errorf("region %q never ends", name)
	}
	return out, nil
}

// closestHint names the region sharing the most lines with text, to make a
// drifted snippet easy to find.
func closestHint(text string, regions map[string]region) string {
	lines := strings.Split(text, "\n")
	best, bestN := "", 0
	for name, r := range regions {
		n := 0
		for _, l := range strings.Split(r.text, "\n") {
			if strings.TrimSpace(l) != "" && slices.Contains(lines, l) {
				n++
			}
		}
		if n > bestN {
			best, bestN = name+" ("+r.file+")", n
		}
	}
	if best == "" {
		return ""
	}
	return "\nclosest region: " + best
}

func TestGoBlocks(t *testing.T) {
	md := "text\n```go\nfmt.Println(1)\n```\n- item\n\n  ```go\n  x := 1\n  \tif x > 0 {}\n\n  ```\n```sh\ngo test\n```\n"
	got, err := goBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	want := []block{{line: 2, text: "fmt.Println(1)\n"}, {line: 7, text: "x := 1\n\tif x > 0 {}\n\n"}}
	if !slices.Equal(got, want) {
		t.Errorf("goBlocks = %+v, want %+v", got, want)
	}
	if _, err := goBlocks("```go\nunclosed\n"); err == nil {
		t.Error("an unclosed fence passed")
	}
}

func TestRegionsOf(t *testing.T) {
	src := "package x\n\n// readme:begin a\n\nfunc A() {}\n\n// readme:end\n// readme:begin b\nvar B = 1\n// readme:end\n"
	got, err := regionsOf(src)
	if err != nil {
		t.Fatal(err)
	}
	if got["a"] != "func A() {}\n" || got["b"] != "var B = 1\n" || len(got) != 2 {
		t.Errorf("regionsOf = %q", got)
	}
	for _, bad := range []string{
		"// readme:begin a\n",
		"// readme:end\n",
		"// readme:begin a\n// readme:begin b\n// readme:end\n",
		"// readme:begin a\n// readme:end\n// readme:begin a\n// readme:end\n",
	} {
		if _, err := regionsOf(bad); err == nil {
			t.Errorf("regionsOf(%q) passed", bad)
		}
	}
}
