// Voximplant call routing as Pulumi resources: applications, ordered rules, scenarios from files and their bindings.
package voxbind
