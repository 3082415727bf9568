module github.com/unleash-tokens/unleash-tokens

go 1.26.8
