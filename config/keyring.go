package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// KeyringService is the service name the tokens are kept under in the OS
// keyring (Secret Service, macOS Keychain, Windows Credential Manager); a
// profile's token_keyring names the account.
const KeyringService = "unleash-tokens"

// keyringTimeout bounds one keyring call: a locked keyring can wait for a
// password prompt that no one will answer.
const keyringTimeout = 10 * time.Second

// ErrNoKeyring is the error when this machine has no OS keyring to use.
var ErrNoKeyring = errors.New("no OS keyring here (no Secret Service on the session bus)")

// Keyring is the OS keyring, as go-keyring reaches it; tests replace it.
var Keyring KeyringStore = osKeyring{}

// KeyringStore keeps secrets by service and account.
type KeyringStore interface {
	Get(service, account string) (string, error)
	Set(service, account, secret string) error
	Delete(service, account string) error
}

type osKeyring struct{}

func (osKeyring) Get(s, a string) (string, error) {
	if err := keyringReachable(); err != nil {
		return "", err
	}
	return keyring.Get(s, a)
}

func (osKeyring) Set(s, a, secret string) error {
	if err := keyringReachable(); err != nil {
		return err
	}
	return keyring.Set(s, a, secret)
}

func (osKeyring) Delete(s, a string) error {
	if err := keyringReachable(); err != nil {
		return err
	}
	return keyring.Delete(s, a)
}

// keyringReachable refuses, on a Unix other than macOS, when there is no
// session bus: go-keyring would otherwise have dbus-launch start one, which
// outlives the command.
func keyringReachable() error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	if _, err := os.Stat(filepath.Join("/run/user", fmt.Sprint(os.Getuid()), "bus")); err == nil {
		return nil
	}
	return ErrNoKeyring
}

// KeyringGet reads a token from the OS keyring, within keyringTimeout.
func KeyringGet(ctx context.Context, account string) (api.Secret, error) {
	var tok string
	err := withKeyringTimeout(ctx, func() (err error) {
		tok, err = Keyring.Get(KeyringService, account)
		return err
	})
	return api.Secret(strings.TrimSpace(tok)), err
}

// KeyringSet stores a token in the OS keyring, within keyringTimeout.
func KeyringSet(ctx context.Context, account string, token api.Secret) error {
	return withKeyringTimeout(ctx, func() error { return Keyring.Set(KeyringService, account, token.Reveal()) })
}

// KeyringDelete removes a token from the OS keyring; one that is not there
// is no error.
func KeyringDelete(ctx context.Context, account string) error {
	err := withKeyringTimeout(ctx, func() error { return Keyring.Delete(KeyringService, account) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// IsKeyringNotFound says whether err is the keyring having no such entry.
func IsKeyringNotFound(err error) bool { return errors.Is(err, keyring.ErrNotFound) }

func withKeyringTimeout(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(keyringTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("the OS keyring did not answer within %s (is it locked?)", keyringTimeout)
	case <-ctx.Done():
		return ctx.Err()
	}
}
