#!/usr/bin/env pwsh
# Thin wrapper over the dotnet commands; it only dispatches.
#   ./build.ps1 build [args]  -> dotnet build Lunix.sln [args]
#   ./build.ps1 test [args]   -> dotnet test Lunix.sln [args]
#   ./build.ps1 run [args]    -> dotnet run --project Boot -- run [args]
# No param() block on purpose: $args then keeps options like --headless as plain strings.
$ErrorActionPreference = 'Stop'
$command, $rest = $args
$rest = @($rest | Where-Object { $null -ne $_ })

switch ($command) {
    'build' { $dotnetArgs = @('build', "$PSScriptRoot/Lunix.sln") + $rest }
    'test'  { $dotnetArgs = @('test', "$PSScriptRoot/Lunix.sln") + $rest }
    'run'   { $dotnetArgs = @('run', '--project', "$PSScriptRoot/Boot", '--', 'run') + $rest }
    default {
        Write-Error "usage: ./build.ps1 build | test | run [options]" -ErrorAction Continue
        exit 64
    }
}
# Splatting an array passes each element as one argument, '--' included.
& dotnet @dotnetArgs
exit $LASTEXITCODE
