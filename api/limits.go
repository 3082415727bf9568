package api

// PATLimit is Unleash's cap on personal access tokens per user (and per
// service account): the 11th create answers 403 OperationDeniedError.
const PATLimit = 10
