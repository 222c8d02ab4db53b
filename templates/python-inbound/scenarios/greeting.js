// VIP lines: answer and greet the caller.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.say("Welcome back.", VoiceList.Amazon.en_US_Joanna);
});
