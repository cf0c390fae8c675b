"""The one ordered registry of rule packs: the user's files, then a site's pack, then the generic ones."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from .. import _toml as tomllib
from ..config import Config
from ..errors import ConfigError, RuleError
from .model import Pack, Rule, load_pack, parse_pack

__all__ = ["Registry", "builtin_packs"]


def builtin_packs() -> dict[str, Pack]:
    """Every pack shipped with the package, by name: generic packs and site packs."""
    packs: dict[str, Pack] = {}
    root = resources.files("cleaner.rules") / "packs"
    for folder in (root, root / "sites"):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                pack = parse_pack(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name[:-5])
                packs[pack.name] = pack
    return packs


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower().removeprefix("www.") or None


@dataclass(frozen=True)
class Registry:
    """The packs in force for a config, and the ordered rules for a document of a given site."""

    user: tuple[Pack, ...]
    generic: tuple[Pack, ...]
    sites: tuple[Pack, ...]
    disabled: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Config) -> Registry:
        shipped = builtin_packs()
        missing = [name for name in config.packs if name not in shipped]
        if missing:
            raise ConfigError(
                f"unknown rule pack(s): {', '.join(missing)}; shipped: {', '.join(sorted(shipped))}"
            )
        generic = tuple(shipped[name] for name in config.packs)
        sites = tuple(p for p in shipped.values() if p.sites or p.outlets) if config.site_packs else ()
        user = tuple(load_pack(path) for path in config.rule_files)
        registry = cls(user=user, generic=generic, sites=sites, disabled=config.disabled_rules)
        registry._check_contexts()
        return registry

    def _check_contexts(self) -> None:
        """A `followed_by` that names no loaded rule would keep its rule from ever applying."""
        known = {r.id for p in self.packs for r in p.rules}
        for pack in self.packs:
            for rule in pack.rules:
                unknown = sorted(set(rule.followed_by) - known)
                if unknown:
                    raise RuleError(
                        f"pack {pack.name}: rule {rule.id}: `followed_by` names no rule {unknown}"
                    )

    @property
    def packs(self) -> tuple[Pack, ...]:
        return self.user + self.sites + self.generic

    def site_for(self, url: str | None, edge_text: str) -> Pack | None:
        """The site pack for a document: by its url's domain, else by an outlet named at its edges."""
        domain = _domain(url)
        if domain:
            for pack in self.sites:
                if any(domain == s or domain.endswith("." + s) for s in pack.sites):
                    return pack
        for pack in self.sites:
            if any(outlet in edge_text for outlet in pack.outlets):
                return pack
        return None

    def shipped(self, rule: Rule) -> bool:
        """Whether a rule comes from a pack shipped with the package, not from the user's files
        (by identity: a user's file may hold a rule of the same id)."""
        return any(rule is r for p in self.sites + self.generic for r in p.rules)

    def rules_for(self, site: Pack | None) -> tuple[Rule, ...]:
        """The rules in the order they are tried: the user's first, so that they can overrule."""
        return self._enabled(self.user + ((site,) if site else ()) + self.generic)

    def rules_in_force(self) -> tuple[Rule, ...]:
        """Every rule not disabled, of every pack: the user's, every site's, the generic ones."""
        return self._enabled(self.packs)

    def list_rules_into(self, field: str) -> frozenset[str]:
        """The ids of the rules in force that take a heading and the lines under it into `field`."""
        return frozenset(r.id for r in self.rules_in_force() if r.lists_into(field))

    def _enabled(self, packs: tuple[Pack, ...]) -> tuple[Rule, ...]:
        return tuple(r for p in packs for r in p.rules if r.id not in self.disabled)
