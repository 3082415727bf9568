package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Path is the config file's path: --config, else $UNLEASH_TOKENS_CONFIG,
// else the default place.
func Path(flagPath string, env Env) (string, error) {
	path := flagPath
	if path == "" {
		if v, ok := env(EnvConfigPath); ok && v != "" {
			path = v
		}
	}
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return "", fmt.Errorf("no place for the config file (%v): give one with --config", err)
		}
		path = p
	}
	return expandHome(path, env), nil
}

// Update reads the config file at path (none there: an empty one), lets
// change edit it, and writes it back whole, readable by its owner alone
// (mode 0600; its directory 0700 when made), by a rename so that a reader
// never sees half of it.
func Update(path string, env Env, change func(*File) error) error {
	f, _, err := loadFile(path, env)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		if _, statErr := os.Stat(path); !errors.Is(statErr, fs.ErrNotExist) {
			return err
		}
		f = File{}
	}
	if f.Profiles == nil {
		f.Profiles = map[string]Profile{}
	}
	if err := change(&f); err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config file %s: %v", path, unwrapped(err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.json")
	if err != nil {
		return fmt.Errorf("config file %s: %v", path, unwrapped(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.Write(append(data, '\n'))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			return fmt.Errorf("config file %s: %v", path, unwrapped(err))
		}
		return nil
	}
	tmp.Close()
	return fmt.Errorf("config file %s: cannot make it private (mode 0600)", path)
}
