// The forgot-password page's answers (a "use server" module may export only actions).
export const RESET_SENT = "If that email belongs to an account, a link is on its way. It works once, for 1 hour.";
export const RESET_NO_MAIL =
  "This school has not set up email, so Rollcall cannot send you a link: ask your school's admin to set a new password for you.";
