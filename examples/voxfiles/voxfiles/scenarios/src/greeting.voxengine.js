// Answer, greet the caller, then let the next scenario on the rule take over.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
    e.call.answer();
    e.call.say("Thank you for calling.", VoiceList.Amazon.en_US_Joanna);
});
