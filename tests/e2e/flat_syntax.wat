;; Flat (stack) syntax with block/loop/br_if: a popcount loop.
(module
  (func $popcount (export "popcount") (param $x i32) (result i32)
    (local $n i32)
    block $done
      loop $next
        local.get $x
        i32.eqz
        br_if $done
        local.get $x
        local.get $x
        i32.const 1
        i32.sub
        i32.and
        local.set $x
        local.get $n
        i32.const 1
        i32.add
        local.set $n
        br $next
      end
    end
    local.get $n))
