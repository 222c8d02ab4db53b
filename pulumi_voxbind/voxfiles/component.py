"""VoxfilesProject: a voxengine-ci `voxfiles/` tree declared as pulumi-voxbind resources.

The tree is read and checked in full when the component is constructed, before any resource
is registered, so a malformed tree fails `pulumi preview` with every problem named and no
API call made. Children are named from names in the tree, never from list positions:
    <name>/app/<short app name>              Application
    <name>/scenario/<scenario name>          Scenario (Shared folder, script from its file)
    <name>/rule/<short app name>/<rule>      Rule
    <name>/binding/<short app name>/<rule>   ScenarioBinding (the rule's scenarios, in order)
    <name>/order/<short app name>            RuleOrder (rules.config order)
so running on the same tree again changes nothing, and a rename the tree can tell apart
(renames.py) gets a Pulumi alias to the old child's name: an in-place update.
"""

from __future__ import annotations

import os
from typing import Any

import pulumi

from pulumi_voxbind.voxfiles.model import VoxfilesTree
from pulumi_voxbind.voxfiles.problems import VoxfilesError
from pulumi_voxbind.voxfiles.reader import read_tree

TYPE_TOKEN = "voxbind:index:VoxfilesProject"


class VoxfilesProjectError(VoxfilesError, pulumi.RunError):
    """A malformed tree, raised from the program: Pulumi prints the message, no traceback."""


def child_name(project: str, kind: str, *names: str) -> str:
    """The stable Pulumi name of one child: the project's name, its kind, its tree names."""
    return "/".join((project, kind, *names))


class VoxfilesProject(pulumi.ComponentResource):
    """Applications, rules in order, scenarios and bindings of a voxengine-ci `voxfiles/` tree.

    `path` is the voxfiles root, relative to the Pulumi project directory. With `adopt=True`
    (the default) objects voxengine-ci already created are taken over, never duplicated.
    Outputs: `applications` {directory: application_id}, `rules` {directory: {rule: rule_id}},
    `scenarios` {name: scenario_id}. `retain_on_delete` in `opts` is passed on to every child.
    """

    applications: pulumi.Output[dict[str, int]]
    rules: pulumi.Output[dict[str, dict[str, int]]]
    scenarios: pulumi.Output[dict[str, int]]

    def __init__(self, name: str, path: str | os.PathLike[str], *, adopt: bool = True,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        """Declare what the tree at `path` describes; the tree is read and checked now.

        :param name: the Pulumi name of the component; children are named under it.
        :param path: the voxfiles root, relative to the Pulumi project directory.
        :param adopt: take over objects voxengine-ci already created (default True); False
            makes `pulumi up` fail on an existing object, naming it.
        :param opts: Pulumi resource options; `retain_on_delete` is passed on to every
            child.
        """
        if not isinstance(adopt, bool):
            raise TypeError(f"VoxfilesProject {name!r}: adopt must be True or False, "
                            f"got {adopt!r}")
        try:
            tree = read_tree(path)
        except VoxfilesError as exc:
            raise VoxfilesProjectError(exc.root, list(exc.problems)) from None
        super().__init__(TYPE_TOKEN, name, {}, opts)
        self.tree: VoxfilesTree = tree
        for warning in tree.warnings:
            pulumi.log.warn(warning, resource=self)
        retain = opts.retain_on_delete if opts is not None else None
        self._declare(name, tree, adopt, retain)

    def _options(self, retain: bool | None, old_name: str | None = None
                 ) -> pulumi.ResourceOptions:
        aliases = [pulumi.Alias(name=old_name)] if old_name else None
        return pulumi.ResourceOptions(parent=self, retain_on_delete=retain, aliases=aliases)

    @staticmethod
    def _classes() -> Any:
        """The module whose Application, Rule, ... the children are: the dynamic resources
        here; the plugin's own classes when the plugin constructs the component."""
        # Imported here, when the component is built, so that this module imports without them.
        import pulumi_voxbind

        return pulumi_voxbind

    def _declare(self, name: str, tree: VoxfilesTree, adopt: bool, retain: bool | None) -> None:
        classes = self._classes()
        Application, Rule, RuleOrder = classes.Application, classes.Rule, classes.RuleOrder
        Scenario, ScenarioBinding = classes.Scenario, classes.ScenarioBinding

        self.scenario_resources: dict[str, Any] = {}
        for spec in tree.scenarios.values():
            old = child_name(name, "scenario", spec.renamed_from) if spec.renamed_from else None
            self.scenario_resources[spec.name] = Scenario(
                child_name(name, "scenario", spec.name),
                scenario_name=spec.name,
                scenario_script_file=spec.script_path,
                adopt=adopt,
                opts=self._options(retain, old),
            )
        self.application_resources: dict[str, Any] = {}
        self.rule_resources: dict[str, dict[str, Any]] = {}
        for app in tree.applications:
            application = Application(child_name(name, "app", app.short_name),
                                       application_name=app.short_name, adopt=adopt,
                                       opts=self._options(retain))
            self.application_resources[app.directory] = application
            rules: dict[str, Any] = {}
            for rule in app.rules:
                old = rule.renamed_from
                rules[rule.name] = Rule(
                    child_name(name, "rule", app.short_name, rule.name),
                    application_id=application.application_id,
                    rule_name=rule.name,
                    rule_pattern=rule.pattern,
                    rule_pattern_exclude=rule.pattern_exclude,
                    video_conference=rule.video_conference,
                    adopt=adopt,
                    opts=self._options(
                        retain, old and child_name(name, "rule", app.short_name, old)),
                )
                if rule.scenarios:
                    ScenarioBinding(
                        child_name(name, "binding", app.short_name, rule.name),
                        application_id=application.application_id,
                        rule_id=rules[rule.name].rule_id,
                        scenario_ids=[self.scenario_resources[s].scenario_id
                                      for s in rule.scenarios],
                        opts=self._options(
                            retain, old and child_name(name, "binding", app.short_name, old)),
                    )
            if rules:
                RuleOrder(child_name(name, "order", app.short_name),
                          application_id=application.application_id,
                          rule_ids=[rule.rule_id for rule in rules.values()],
                          opts=self._options(retain))
            self.rule_resources[app.directory] = rules
        self.applications = pulumi.Output.from_input(
            {d: a.application_id for d, a in self.application_resources.items()})
        self.rules = pulumi.Output.from_input(
            {d: {n: r.rule_id for n, r in rules.items()}
             for d, rules in self.rule_resources.items()})
        self.scenarios = pulumi.Output.from_input(
            {n: s.scenario_id for n, s in self.scenario_resources.items()})
        self.register_outputs({"applications": self.applications, "rules": self.rules,
                               "scenarios": self.scenarios})
