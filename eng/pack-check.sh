#!/usr/bin/env bash
# Packs every package of src/ into a temporary folder, checks what the packages carry, then builds and runs what a new
# user would write against them: a console app (the README tour, also referencing the Management package) and an xunit
# project (three in-process nodes with the test kit). Consumers build with warnings as errors and resolve our packages
# from the folder, everything else from the NuGet registry. Exits non-zero on the first problem.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
started=$SECONDS
step() { echo "pack-check [$((SECONDS - started)) s]: $*"; }
fail() { echo "pack-check: $*" >&2; exit 1; }

# Build once in Release, then pack without building again.
step "building src/ (Release)"
projects=()
for p in "$root"/src/*/*.csproj; do projects+=("$p"); done
dotnet new sln --format sln --name PackCheck --output "$work" >/dev/null
dotnet sln "$work/PackCheck.sln" add "${projects[@]}" >/dev/null
dotnet build "$work/PackCheck.sln" -c Release -nologo -v q -clp:ErrorsOnly
step "packing"
dotnet pack "$work/PackCheck.sln" -c Release --no-build -nologo -v q -o "$feed" -clp:ErrorsOnly

# What the packages carry.
library=$(ls "$feed"/Akka.DistributedActors.[0-9]*.nupkg)
version=$(basename "$library" .nupkg)
version=${version#Akka.DistributedActors.}
for nupkg in "$feed"/*.nupkg; do
  name=$(basename "$nupkg" .nupkg)
  [[ -f "$feed/$name.snupkg" ]] || fail "$name has no symbol package (.snupkg)"
  files=$(unzip -Z1 "$nupkg")
  if grep -E '\.(runtimeconfig|deps)\.json$' <<<"$files"; then fail "$name carries the stray files above"; fi
  grep -qx 'README.md' <<<"$files" || fail "$name has no readme"
  nuspec=$(unzip -p "$nupkg" '*.nuspec')
  for expected in '<license type="expression">Apache-2.0</license>' '<readme>README.md</readme>' '<tags>' '<repository type="git"'; do
    grep -qF "$expected" <<<"$nuspec" || fail "$name: the nuspec lacks $expected"
  done
done
unzip -Z1 "$library" | grep -qx 'analyzers/dotnet/cs/Akka.DistributedActors.Generators.dll' || fail "the library package lacks its source generator"
step "packed $(ls "$feed"/*.nupkg | wc -l) packages, version $version"

# A consumer's world: our folder plus the registry; a package cache of its own (so no earlier build of the same version
# is reused), falling back read-only to the machine's cache for everything else.
cat >"$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="pack-check" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <fallbackPackageFolders>
    <add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </fallbackPackageFolders>
</configuration>
XML
pin() { sed -n "s/.*PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$root/Directory.Packages.props"; }

mkdir -p "$work/tour"
cat >"$work/tour/Tour.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Akka.DistributedActors" Version="$version" />
    <PackageReference Include="Akka.DistributedActors.Management" Version="$version" />
  </ItemGroup>
</Project>
XML
# The README's first csharp block, as a user pastes it into Program.cs.
awk '/^```csharp$/ && !done {inside=1; next} inside && /^```/ {inside=0; done=1} inside' "$root/README.md" >"$work/tour/Program.cs"
[[ -s "$work/tour/Program.cs" ]] || fail "no csharp block in README.md"

mkdir -p "$work/kit"
cat >"$work/kit/KitTests.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="$(pin Microsoft.NET.Test.Sdk)" />
    <PackageReference Include="xunit" Version="$(pin xunit)" />
    <PackageReference Include="xunit.runner.visualstudio" Version="$(pin xunit.runner.visualstudio)" />
    <PackageReference Include="Akka.DistributedActors.TestKit" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/kit/ThreeNodeTests.cs" <<'CS'
using Akka.DistributedActors;
using Akka.DistributedActors.TestKit;
using Xunit;
using Xunit.Abstractions;

public interface IEcho : IDistributedActor { Task<string> Say(string text); }

public sealed class Echo : DistributedActor, IEcho
{
    public Task<string> Say(string text) => Task.FromResult(text);
}

public sealed class ThreeNodeTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Three_nodes_form_a_cluster_and_call_across_it_through_generated_proxies()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        var c = await SetUpNodeAsync("c");
        await JoinNodesAsync(b, a);
        await JoinNodesAsync(c, a);
        await EnsureAllUpAsync([a, b, c]);

        IEcho echo = a.Spawn<IEcho>(() => new Echo());
        Assert.Equal("from c", await c.Resolve<IEcho>(echo.Id).Say("from c"));
        Assert.True(DistributedInterfaceRegistry.IsGenerated(typeof(IEcho)), "the package's source generator did not run");
    }
}
CS

step "restoring and building the consumers (warnings as errors)"
for project in "$work/tour/Tour.csproj" "$work/kit/KitTests.csproj"; do
  dotnet build "$project" --configfile "$work/NuGet.config" -nologo -v q -clp:ErrorsOnly -warnaserror
done

step "running the README tour"
output=$(cd "$work/tour" && timeout 120 dotnet bin/Debug/net10.0/Tour.dll)
echo "$output"
grep -qx 'Hello, Caplin!' <<<"$output" || fail "the tour did not print Hello, Caplin!"

step "running the xunit project"
dotnet test "$work/kit/KitTests.csproj" --no-build -nologo -v q
step "done"
