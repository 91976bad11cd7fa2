// docs/api.md: an operator password has 12-128 characters.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
