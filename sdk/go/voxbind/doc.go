// Voximplant call routing as Pulumi resources: applications, ordered rules, scenarios from files and their bindings, phone numbers, application secrets and the SIP white list.
package voxbind
