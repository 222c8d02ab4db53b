// Greets the caller with their CRM name. The CRM token is an application secret
// (pulumi_voxbind.Secret "CRM_TOKEN"), read at run time: it is never written into this file.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const token = VoxEngine.getSecretValue("CRM_TOKEN");
  Net.httpRequestAsync("https://crm.example.com/api/callers/" + e.callerid, {
    headers: ["Authorization: Bearer " + token],
  }).then((res) => {
    const name = res.code === 200 ? JSON.parse(res.text).name : "there";
    e.call.answer();
    e.call.say("Hello " + name + ", thank you for calling.", VoiceList.Amazon.en_US_Joanna);
    e.call.addEventListener(CallEvents.PlaybackFinished, () => VoxEngine.terminate());
  });
});
