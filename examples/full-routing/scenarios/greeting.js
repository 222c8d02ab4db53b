// Answer and greet the caller; `menu` runs next in the same call context.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.say("Welcome back. Your call matters to us.", VoiceList.Amazon.en_US_Joanna);
});
