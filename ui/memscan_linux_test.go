//go:build linux

package ui

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// memoryCount is how often each needle occurs in a process's writable or
// anonymous memory, and where (by mapping) the first needle was found.
type memoryCount struct {
	counts   []int
	where    map[string]int // mapping name ("[heap]", "anon", a file) → hits of needles[0]
	framed   int            // hits of needles[0] on a line of a drawn frame: after "\n " (the screen's left padding)
	scanned  int64          // bytes read
	contexts []string       // with withContext: what surrounds each hit of needles[0], the secret masked
}

// scannable is a line of /proc/<pid>/maps that countInProcess reads: its
// name ("anon" when it has none) and addresses; not ok for a mapping that is
// not readable, a read-only file mapping, or the kernel's own.
func scannable(line string) (name string, start, end uint64, ok bool) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return "", 0, 0, false
	}
	perms, name := f[1], "anon"
	if len(f) >= 6 {
		name = f[5]
	}
	if perms[0] != 'r' || name == "[vvar]" || name == "[vvar_vclock]" || name == "[vsyscall]" ||
		strings.HasPrefix(name, "/") && perms[1] != 'w' {
		return "", 0, 0, false
	}
	lo, hi, ok := strings.Cut(f[0], "-")
	if !ok {
		return "", 0, 0, false
	}
	start, err1 := strconv.ParseUint(lo, 16, 64)
	end, err2 := strconv.ParseUint(hi, 16, 64)
	return name, start, end, err1 == nil && err2 == nil
}

// countInProcess reads /proc/<pid>/maps and /proc/<pid>/mem and counts, per
// needle, the occurrences in every readable mapping that is not a read-only
// file mapping (code, read-only data, shared libraries). The process must be
// one this one may trace: its child, dumpable. withContext keeps what
// surrounds each hit, to tell whose copy it is.
func countInProcess(pid int, withContext bool, needles ...[]byte) (memoryCount, error) {
	out := memoryCount{counts: make([]int, len(needles)), where: map[string]int{}}
	maps, err := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return out, err
	}
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", pid))
	if err != nil {
		return out, err
	}
	defer mem.Close()
	longest := 0
	for _, n := range needles {
		longest = max(longest, len(n))
	}
	const chunk = 4 << 20
	buf := make([]byte, chunk+longest)
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		name, start, end, ok := scannable(sc.Text())
		if !ok {
			continue
		}
		for at := start; at < end; at += chunk {
			n := min(uint64(len(buf)), end-at)
			got, err := mem.ReadAt(buf[:n], int64(at))
			if err != nil && err != io.EOF && got == 0 {
				break // an unreadable mapping: leave it
			}
			out.scanned += int64(min(uint64(got), chunk))
			window := buf[:got]
			for i, needle := range needles {
				// Count matches that start in this chunk; the overlap past it
				// only completes a match that began inside.
				for off := 0; ; {
					j := bytes.Index(window[off:], needle)
					if j < 0 || uint64(off+j) >= chunk {
						break
					}
					out.counts[i]++
					if i == 0 {
						out.where[name]++
						before := make([]byte, 2)
						if start := off + j; start >= 2 {
							copy(before, window[start-2:start])
						} else {
							_, _ = mem.ReadAt(before, int64(at)+int64(start)-2)
						}
						if string(before) == "\n " {
							out.framed++
						}
						if withContext {
							around := window[max(off+j-80, 0):min(off+j+len(needle)+40, len(window))]
							out.contexts = append(out.contexts, fmt.Sprintf("%x %s: %q", at+uint64(off+j), name,
								bytes.ReplaceAll(around, needle, []byte("<the secret>"))))
						}
					}
					off += j + len(needle)
				}
			}
		}
	}
	return out, sc.Err()
}

// describe lists where the hits were, most first.
func (c memoryCount) describe() string {
	var parts []string
	for k, v := range c.where {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
